package io.a2ebatch.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How tasks in flight are followed ({@code a2e.tracking.*}).
 *
 * @param pollInterval    time between polls ({@code --poll-interval}; A2E asks for 3-5 s)
 * @param maxWait         a task still running this long after submission ends {@code timed_out} ({@code --max-wait})
 * @param batchSize       task ids per batchDetail request
 * @param lookupMaxPages  pages of a family's list read when looking up rows in doubt
 */
@Validated
@ConfigurationProperties("a2e.tracking")
public record TrackingProperties(@NotNull Duration pollInterval, @NotNull Duration maxWait,
                                 @Min(1) @Max(100) int batchSize, @Min(1) int lookupMaxPages) {
}
