package io.a2ebatch.client;

import io.a2ebatch.config.SimulatorProperties;
import io.a2ebatch.config.StateProperties;
import io.a2ebatch.simulator.A2eSimulator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code run --simulator}: starts the A2E simulator in this process, on a free loopback port, and
 * points the client at it. Its tasks persist beside the run's own database in the state directory, so a
 * run interrupted and started again finds its tasks where it left them, as it would at A2E, and
 * several runs with the simulator work at once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("a2e.simulator.enabled")
public class InProcessSimulatorConfiguration {

    /** The token the in-process simulator accepts; a test token, never a real one. */
    public static final String SIMULATOR_TOKEN = "sk_test_simulator";

    @Bean(destroyMethod = "close")
    A2eSimulator inProcessSimulator(SimulatorProperties props, StateProperties state,
                                    @Value("${a2e.run.tag}") String runTag) {
        return A2eSimulator.builder()
                .port(0)
                .tokens(SIMULATOR_TOKEN)
                .credits(props.credits())
                .rateLimit(props.rateLimit())
                .maxProcessing(props.maxProcessing())
                .taskDuration(props.taskDurationMin(), props.taskDurationMax())
                .failureRate(props.failureRate())
                .callbackDropRate(props.callbackDropRate())
                .callbackDuplicateRate(props.callbackDuplicateRate())
                .stateDir(state.dir().resolve("runs").resolve(runTag).resolve("simulator"))
                .start();
    }

    @Bean
    ClientConfiguration.ApiEndpoint simulatorEndpoint(A2eSimulator simulator) {
        return new ClientConfiguration.ApiEndpoint(simulator.baseUrl(), ApiToken.of(SIMULATOR_TOKEN));
    }
}
