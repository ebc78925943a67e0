package io.a2ebatch.config;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("a2e.simulator")
public record SimulatorProperties(boolean enabled, @NotNull Duration taskDurationMin, @NotNull Duration taskDurationMax,
                                  @DecimalMin("0.0") @DecimalMax("1.0") double failureRate,
                                  @DecimalMin("0.0") double rateLimit, @Min(1) int maxProcessing,
                                  @Min(0) long credits, @DecimalMin("0.0") @DecimalMax("1.0") double callbackDropRate,
                                  @DecimalMin("0.0") @DecimalMax("1.0") double callbackDuplicateRate) {
}
