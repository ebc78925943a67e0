package io.a2ebatch.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How hard the runner may push ({@code a2e.throttle.*}).
 *
 * @param rateLimit         requests per second, all kinds together ({@code --rate-limit})
 * @param burst             requests that may go back to back after an idle spell
 * @param maxInFlight       tasks submitted and not yet finished ({@code --max-in-flight})
 * @param submitConcurrency start requests in progress at once
 * @param retry             backoff for retryable errors
 */
@Validated
@ConfigurationProperties("a2e.throttle")
public record ThrottleProperties(@DecimalMin(value = "0.001") double rateLimit, @Min(1) int burst,
                                 @Min(1) @Max(100_000) int maxInFlight, @Min(1) @Max(256) int submitConcurrency,
                                 @Valid @NotNull Retry retry) {

    /**
     * Exponential backoff with jitter; {@code Retry-After} is always honoured on top.
     *
     * @param initial      first delay
     * @param multiplier   growth per attempt
     * @param max          cap on one delay
     * @param maxAttempts  attempts per request before giving up (429s do not count)
     * @param inDoubtDelay pause before looking up a task whose start request failed ambiguously
     */
    public record Retry(@NotNull Duration initial, @DecimalMin("1.0") double multiplier, @NotNull Duration max,
                        @Min(1) int maxAttempts, @NotNull Duration inDoubtDelay) {
    }
}
