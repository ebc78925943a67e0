package io.a2ebatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-process simulator (A2E and kie.ai) behind {@code run --simulator} ({@code a2e.simulator.*}).
 *
 * @param enabled         run against the simulator instead of {@code a2e.api.base-url}
 * @param taskDurationMin shortest processing time of a simulated task
 * @param taskDurationMax longest processing time of a simulated task
 * @param failureRate     share of simulated tasks that fail
 * @param rateLimit       the simulator's own requests/s limit per token (0: none)
 * @param maxProcessing   tasks the simulated account processes at once
 * @param credits         credits of the simulated account
 * @param callbackDropRate      share of kie.ai callbacks the simulator never sends (callbacks "may be lost")
 * @param callbackDuplicateRate share of kie.ai callbacks it sends twice
 */
@ConfigurationProperties("a2e.simulator")
public record SimulatorProperties(boolean enabled, Duration taskDurationMin, Duration taskDurationMax, double failureRate,
                                  double rateLimit, int maxProcessing, long credits, double callbackDropRate,
                                  double callbackDuplicateRate) implements SelfValidating {

    @Override
    public void check(Constraints c) {
        c.notNull("taskDurationMin", taskDurationMin);
        c.notNull("taskDurationMax", taskDurationMax);
        share(c, "failureRate", failureRate);
        c.decimalMin("rateLimit", rateLimit, "0.0");
        c.min("maxProcessing", maxProcessing, 1);
        c.min("credits", credits, 0);
        share(c, "callbackDropRate", callbackDropRate);
        share(c, "callbackDuplicateRate", callbackDuplicateRate);
    }

    private static void share(Constraints c, String field, double value) {
        c.decimalMin(field, value, "0.0");
        c.decimalMax(field, value, "1.0");
    }
}
