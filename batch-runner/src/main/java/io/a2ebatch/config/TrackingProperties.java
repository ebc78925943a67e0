package io.a2ebatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tasks in flight are followed ({@code a2e.tracking.*}).
 *
 * @param pollInterval    time between polls ({@code --poll-interval}; A2E asks for 3-5 s)
 * @param maxWait         a task still running this long after submission ends {@code timed_out} ({@code --max-wait})
 * @param batchSize       task ids per batchDetail request
 * @param lookupMaxPages  pages of a family's list read when looking up rows in doubt, beyond those the run's own
 *                        starts since the request fill (room for tasks others created meanwhile)
 */
@ConfigurationProperties("a2e.tracking")
public record TrackingProperties(Duration pollInterval, Duration maxWait, int batchSize, int lookupMaxPages)
        implements SelfValidating {

    @Override
    public void check(Constraints c) {
        c.notNull("pollInterval", pollInterval);
        c.notNull("maxWait", maxWait);
        c.min("batchSize", batchSize, 1);
        c.max("batchSize", batchSize, 100);
        c.min("lookupMaxPages", lookupMaxPages, 1);
    }
}
