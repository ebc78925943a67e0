package io.a2ebatch.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.config.ApiProperties;
import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.config.SimulatorProperties;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.Provider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The client of a run: each provider's token from the environment or a file and its base URL from the
 * configuration or, with {@code --simulator}, the in-process simulator's for every provider. A2E's
 * settings keep their historic keys ({@code a2e.api.*}, {@code --base-url}, {@code --token-file});
 * the others' are {@code a2e.providers.<id>.*} ({@code --kie-base-url}, {@code --kie-token-file}).
 */
@Configuration(proxyBeanMethods = false)
public class ClientConfiguration {

    @Bean
    RequestCounter requestCounter() {
        return new RequestCounter();
    }

    /**
     * Lazy: {@code plan} and {@code run --dry-run} need no token; {@code run} asks for the client before
     * it takes the run, so a missing token is still reported before anything else. Every token offered
     * (a file or a variable) is read now, so an unreadable one is reported then too; with none at all,
     * the first provider's (A2E's) message says what to set. A provider whose token is not offered fails
     * only its own rows' requests, with the same message. With {@code --simulator} it starts the
     * in-process simulator and sends every provider's requests to it instead.
     */
    @Bean
    @Lazy
    A2eClient a2eClient(ApiProperties api, ProviderProperties providers, SimulatorProperties simulator,
                        ObjectProvider<A2eSimulator> inProcess, RequestCounter counter) {
        ProviderEndpoints endpoints = simulator.enabled()
                ? ProviderEndpoints.same(inProcess.getObject().baseUrl(),
                        ApiToken.of(InProcessSimulatorConfiguration.SIMULATOR_TOKEN))
                : configured(api, providers, System.getenv());
        return new A2eClient(endpoints, A2eClient.defaultHttpClient(api.connectTimeout()), api.requestTimeout(),
                counter);
    }

    /** Each provider's endpoint from the configuration and the environment. */
    static ProviderEndpoints configured(ApiProperties api, ProviderProperties providers, Map<String, String> env) {
        List<Provider> all = FamilyCatalog.everyProvider().providers();
        Provider first = all.get(0);
        ProviderEndpoints endpoints = new ProviderEndpoints(p -> new ProviderEndpoints.ApiEndpoint(baseUrl(p, first,
                api, providers), ApiToken.resolve(where(p, first), tokenFile(p, first, api, providers), env)));
        boolean anyOffered = false;
        for (Provider p : all) {
            if (ApiToken.isOffered(where(p, first), tokenFile(p, first, api, providers), env)) {
                endpoints.of(p);
                anyOffered = true;
            }
        }
        if (!anyOffered) {
            endpoints.of(first);
        }
        return endpoints;
    }

    private static ApiToken.Where where(Provider p, Provider first) {
        return new ApiToken.Where(p.displayName(), p.token(),
                p.equals(first) ? "--token-file" : ProviderProperties.option(p.id(), "token-file"));
    }

    private static URI baseUrl(Provider p, Provider first, ApiProperties api, ProviderProperties providers) {
        return baseUrl(p, api, providers);
    }

    /** Where {@code p}'s requests go: A2E's {@code --base-url}, another's {@code a2e.providers.<id>.base-url} or default. */
    public static URI baseUrl(Provider p, ApiProperties api, ProviderProperties providers) {
        if (p.equals(FamilyCatalog.everyProvider().providers().get(0))) {
            return api.baseUrl();
        }
        URI configured = providers.of(p.id()).baseUrl();
        return configured == null ? p.defaultBaseUrl() : configured;
    }

    private static Optional<Path> tokenFile(Provider p, Provider first, ApiProperties api,
                                            ProviderProperties providers) {
        return Optional.ofNullable(p.equals(first) ? api.tokenFile() : providers.of(p.id()).tokenFile());
    }
}
