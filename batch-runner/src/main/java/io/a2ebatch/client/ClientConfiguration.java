package io.a2ebatch.client;

import java.net.URI;
import java.util.Optional;

import io.a2ebatch.config.ApiProperties;
import io.a2ebatch.config.SimulatorProperties;
import io.a2ebatch.simulator.A2eSimulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The A2E client of a run: the token from the environment or a file, and the base URL from the
 * configuration or, with {@code --simulator}, from the in-process simulator.
 */
@Configuration(proxyBeanMethods = false)
public class ClientConfiguration {

    @Bean
    RequestCounter requestCounter() {
        return new RequestCounter();
    }

    /**
     * Lazy: {@code plan} and {@code run --dry-run} need no token; {@code run} asks for the client before
     * it takes the run, so a missing token is still reported before anything else. With
     * {@code --simulator} it starts the in-process simulator and talks to it instead of A2E.
     */
    @Bean
    @Lazy
    A2eClient a2eClient(ApiProperties api, SimulatorProperties simulator, ObjectProvider<A2eSimulator> inProcess,
                        RequestCounter counter) {
        ApiEndpoint endpoint = simulator.enabled()
                ? new ApiEndpoint(inProcess.getObject().baseUrl(),
                ApiToken.of(InProcessSimulatorConfiguration.SIMULATOR_TOKEN))
                : new ApiEndpoint(api.baseUrl(), ApiToken.resolve(Optional.ofNullable(api.tokenFile()), System.getenv()));
        return new A2eClient(endpoint.baseUrl(), endpoint.token(), A2eClient.defaultHttpClient(api.connectTimeout()),
                api.requestTimeout(), counter);
    }

    /**
     * Where requests go and with which token: A2E as configured, or the in-process simulator.
     *
     * @param baseUrl base URL
     * @param token   bearer token
     */
    record ApiEndpoint(URI baseUrl, ApiToken token) {
    }
}
