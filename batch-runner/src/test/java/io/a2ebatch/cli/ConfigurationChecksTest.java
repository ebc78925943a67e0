package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.config.ThrottleProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The configuration records check their own values as Spring binds them ({@code SelfValidating}), and a
 * value out of bounds reaches the user as one line naming the property, its value and the reason.
 */
class ConfigurationChecksTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ThrottleProperties.class, LeaseProperties.class, ProviderProperties.class})
    static class Records {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Records.class)
            .withPropertyValues("a2e.throttle.rate-limit=5", "a2e.throttle.burst=1", "a2e.throttle.max-in-flight=50",
                    "a2e.throttle.submit-concurrency=8", "a2e.throttle.retry.initial=500ms",
                    "a2e.throttle.retry.multiplier=2", "a2e.throttle.retry.max=30s", "a2e.throttle.retry.max-attempts=8",
                    "a2e.throttle.retry.in-doubt-delay=2s", "a2e.lease.ttl=30s", "a2e.lease.heartbeat=5s");

    @Test
    void validValuesBind() {
        context.withPropertyValues("a2e.providers.kie.max-in-flight=7").run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c.getBean(ProviderProperties.class).of("kie").maxInFlight()).isEqualTo(7);
        });
    }

    @Test
    void aValueBelowItsMinimumNamesThePropertyTheValueAndTheBound() {
        assertThat(failure("a2e.throttle.burst=0")).isEqualTo(
                "invalid configuration: a2e.throttle.burst = 0: must be greater than or equal to 1" + WHERE);
    }

    @Test
    void everyFieldOutOfBoundsIsNamedAtOnceNestedRecordsIncluded() {
        assertThat(failure("a2e.throttle.max-in-flight=100001", "a2e.throttle.retry.multiplier=0.5")).isEqualTo(
                "invalid configuration: a2e.throttle.max-in-flight = 100001: must be less than or equal to 100000;"
                        + " a2e.throttle.retry.multiplier = 0.5: must be greater than or equal to 1.0" + WHERE);
    }

    @Test
    void aProvidersSettingIsNamedWithItsProvider() {
        assertThat(failure("a2e.providers.kie.rate-limit=0")).isEqualTo(
                "invalid configuration: a2e.providers[kie].rate-limit = 0.0: must be greater than or equal to 0.001"
                        + WHERE);
    }

    @Test
    void aRuleAcrossFieldsGivesItsOwnReason() {
        assertThat(failure("a2e.lease.heartbeat=20s")).isEqualTo("invalid configuration:"
                + " a2e.lease.heartbeat-well-below-ttl = false: a2e.lease.heartbeat must be positive and at most a third"
                + " of a2e.lease.ttl" + WHERE);
    }

    private static final String WHERE = "; fix it on the command line, in application.yaml or in the environment";

    private String failure(String... properties) {
        String[] message = new String[1];
        context.withPropertyValues(properties).run(c -> {
            assertThat(c).hasFailed();
            message[0] = Failures.translate(c.getStartupFailure(), "jdbc:h2:test").orElseThrow().message();
        });
        return message[0];
    }
}
