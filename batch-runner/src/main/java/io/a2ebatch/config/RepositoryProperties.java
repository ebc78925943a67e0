package io.a2ebatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The job repository's database ({@code a2e.repository.*}; its URL is {@code spring.datasource.url}).
 *
 * @param outageTolerance how long a run rides out a job repository it cannot reach (database
 *                        restarted, network cut): every ledger and lease operation is retried with
 *                        backoff for that long after the outage began, then the run stops as
 *                        restartable. An outage longer than the lease's time to live ends the run
 *                        anyway, since its lease expires meanwhile
 */
@ConfigurationProperties("a2e.repository")
public record RepositoryProperties(Duration outageTolerance) implements SelfValidating {

    /** Checked at start-up. */
    public boolean isOutageToleranceNotNegative() {
        return outageTolerance == null || !outageTolerance.isNegative();
    }

    @Override
    public void check(Constraints c) {
        c.notNull("outageTolerance", outageTolerance);
        c.holds("outageToleranceNotNegative", isOutageToleranceNotNegative(),
                "a2e.repository.outage-tolerance must not be negative");
    }
}
