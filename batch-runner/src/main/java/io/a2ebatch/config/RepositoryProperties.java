package io.a2ebatch.config;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The job repository's database ({@code a2e.repository.*}; its URL is {@code spring.datasource.url}).
 *
 * @param outageTolerance how long a run rides out a job repository it cannot reach (database
 *                        restarted, network cut): every ledger and lease operation is retried with
 *                        backoff for that long after the outage began, then the run stops as
 *                        restartable. An outage longer than the lease's time to live ends the run
 *                        anyway, since its lease expires meanwhile
 */
@Validated
@ConfigurationProperties("a2e.repository")
public record RepositoryProperties(@NotNull Duration outageTolerance) {

    @AssertTrue(message = "a2e.repository.outage-tolerance must not be negative")
    public boolean isOutageToleranceNotNegative() {
        return outageTolerance == null || !outageTolerance.isNegative();
    }
}
