package io.a2ebatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How hard the runner may push ({@code a2e.throttle.*}).
 *
 * @param rateLimit         requests per second, all kinds together ({@code --rate-limit})
 * @param burst             requests that may go back to back after an idle spell
 * @param maxInFlight       tasks submitted and not yet finished ({@code --max-in-flight})
 * @param submitConcurrency start requests in progress at once
 * @param retry             backoff for retryable errors
 */
@ConfigurationProperties("a2e.throttle")
public record ThrottleProperties(double rateLimit, int burst, int maxInFlight, int submitConcurrency, Retry retry)
        implements SelfValidating {

    @Override
    public void check(Constraints c) {
        c.decimalMin("rateLimit", rateLimit, "0.001");
        c.min("burst", burst, 1);
        c.min("maxInFlight", maxInFlight, 1);
        c.max("maxInFlight", maxInFlight, 100_000);
        c.min("submitConcurrency", submitConcurrency, 1);
        c.max("submitConcurrency", submitConcurrency, 256);
        c.notNull("retry", retry);
        c.nested("retry", retry);
    }

    /**
     * Exponential backoff with jitter; {@code Retry-After} is always honoured on top.
     *
     * @param initial      first delay
     * @param multiplier   growth per attempt
     * @param max          cap on one delay
     * @param maxAttempts  attempts per request before giving up (429s do not count)
     * @param inDoubtDelay pause before looking up a task whose start request failed ambiguously
     */
    public record Retry(Duration initial, double multiplier, Duration max, int maxAttempts, Duration inDoubtDelay)
            implements SelfValidating {

        @Override
        public void check(Constraints c) {
            c.notNull("initial", initial);
            c.decimalMin("multiplier", multiplier, "1.0");
            c.notNull("max", max);
            c.min("maxAttempts", maxAttempts, 1);
            c.notNull("inDoubtDelay", inDoubtDelay);
        }
    }
}
