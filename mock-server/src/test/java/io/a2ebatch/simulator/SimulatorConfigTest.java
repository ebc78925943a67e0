package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    private static void assertRejected(UnaryOperator<SimulatorConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(SimulatorConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void defaultsToOneTestTokenOnLoopbackAndNoInjectedFailures() {
        SimulatorConfig config = SimulatorConfig.builder().build();

        assertThat(config.access().tokens()).containsExactly("sk_test_simulator");
        assertThat(config.server().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isZero();
        assertThat(config.access().rateLimit()).isZero();
        assertThat(config.chaos().errorRate() + config.chaos().faultRate() + config.tasks().failureRate()).isZero();
        assertThat(config.tasks().duration()).hasToString("2s..10s");
        assertThat(config.tasks().timeout()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void rejectsInvalidOptionsNamingThem() {
        assertRejected(b -> b.failureRate(1.5), "failureRate is a share of 0..1");
        assertRejected(b -> b.errorRate(0.6).faultRate(0.6), "errorRate + faultRate");
        assertRejected(b -> b.maxProcessing(0), "maxProcessing must be at least 1");
        assertRejected(b -> b.rateLimit(-1), "rateLimit");
        assertRejected(b -> b.credits(-5), "credits must be at least 0");
        assertRejected(b -> b.port(70_000), "port must be 0");
        assertRejected(b -> b.taskTimeout(Duration.ZERO), "taskTimeout must be positive");
        assertRejected(b -> b.tokens("sk_test_a b"), "whitespace");
        assertRejected(b -> b.tokens(""), "cannot be empty");
        assertRejected(b -> b.taskDuration(Duration.ofSeconds(5), Duration.ofSeconds(2)), "write 2s..5s");
    }

    @Test
    void neverShowsATokenInItsText() {
        String token = "sk_test_secret_value_123456";

        assertThat(SimulatorConfig.builder().tokens(token).build().toString())
                .doesNotContain(token).contains("sk_test_…3456");
    }

    @Test
    void picksARandomSeedUnlessOneIsGiven() {
        assertThat(SimulatorConfig.builder().seed(5).build().seed()).isEqualTo(5);
        assertThat(SimulatorConfig.builder().build().toBuilder().build().seed())
                .isNotEqualTo(SimulatorConfig.builder().build().seed());
    }

    @Test
    void copiesEveryOptionIntoABuilder() {
        SimulatorConfig config = SimulatorConfig.builder().tokens("sk_test_x1").credits(3).rateLimit(4).maxProcessing(5)
                .taskDuration(Duration.ofSeconds(6)).failureRate(0.1).errorRate(0.2).faultRate(0.3)
                .latency(Duration.ofMillis(7)).latency(SimulatorOperation.START, Duration.ZERO, Duration.ofSeconds(1))
                .seed(8).taskTimeout(Duration.ofMinutes(9)).taskCost(10).requestLogSize(11)
                .dispatchStep(Duration.ofMillis(12)).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void updateRejectsOptionsFixedAtStart() {
        try (A2eSimulator sim = A2eSimulator.builder().start()) {
            assertThatThrownBy(() -> sim.update(c -> c.port(sim.port() + 1))).hasMessageContaining("port is fixed");
            assertThatThrownBy(() -> sim.update(c -> c.tokens("sk_test_other"))).hasMessageContaining("setTokenEnabled");
            assertThatThrownBy(() -> sim.update(c -> c.failureRate(3))).hasMessageContaining("failureRate");

            sim.update(c -> c.failureRate(0.5).rateLimit(3));

            assertThat(sim.config().tasks().failureRate()).isEqualTo(0.5);
            assertThat(sim.config().access().rateLimit()).isEqualTo(3);
        }
    }
}
