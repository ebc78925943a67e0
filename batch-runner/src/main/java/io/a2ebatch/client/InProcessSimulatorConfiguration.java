package io.a2ebatch.client;

import io.a2ebatch.config.SimulatorProperties;
import io.a2ebatch.config.StateProperties;
import io.a2ebatch.simulator.A2eSimulator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * {@code run --simulator}: starts the A2E simulator in this process, on a free loopback port, and
 * points the client at it. Its tasks persist beside the run's own database in the state directory, so a
 * run interrupted and started again finds its tasks where it left them, as it would at A2E, and
 * several runs with the simulator work at once.
 *
 * <p>The simulator is a lazy bean that {@link ClientConfiguration} asks for only when
 * {@code a2e.simulator.enabled} is set, rather than a configuration conditional on that property: the
 * launcher runs the application from Spring's ahead-of-time processed bean definitions
 * (docs/startup.md), in which conditions are settled once, at build time.
 */
@Configuration(proxyBeanMethods = false)
public class InProcessSimulatorConfiguration {

    /** The token the in-process simulator accepts; a test token, never a real one. */
    public static final String SIMULATOR_TOKEN = "sk_test_simulator";

    @Bean(destroyMethod = "close")
    @Lazy
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
}
