package io.a2ebatch.ledger;

import java.time.Duration;

import javax.sql.DataSource;

import io.a2ebatch.config.RepositoryProperties;
import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.failure.RepositoryRetry;
import io.a2ebatch.throttle.Ticker;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ledger and the schema of the job repository database. */
@Configuration(proxyBeanMethods = false)
public class LedgerConfiguration {

    @Bean
    JobRepositorySchema jobRepositorySchema(DataSource dataSource) {
        return new JobRepositorySchema(dataSource);
    }

    /**
     * One outage for the whole process: ledger, download ledger and leases retry through this.
     * Hikari's connection timeout ({@code spring.datasource.hikari.connection-timeout}) is shorter than
     * the tolerance, so that a stopped database is tried again several times before the run gives up.
     */
    @Bean
    RepositoryRetry repositoryRetry(RepositoryProperties properties,
                                    @Value("${spring.datasource.url:}") String databaseUrl) {
        return RepositoryRetry.within(properties.outageTolerance(), RepositoryFailures.displayUrl(databaseUrl),
                Ticker.SYSTEM);
    }

    /** Takes the schema bean so that the tables exist before the first ledger call. */
    @Bean
    Ledger ledger(JdbcTemplate jdbcTemplate, JobRepositorySchema schema, RepositoryRetry retry) {
        return new Ledger(jdbcTemplate, retry);
    }

    /**
     * Twice a second, 1 MB at most each time ({@link H2Compaction#WRITE_BYTES_PER_ROUND}): a run commits
     * tens to hundreds of times a second, each commit a new H2 chunk, and dead space must be reclaimed as
     * fast as it is made; a round starts only below {@link H2Compaction#TARGET_FILL_RATE} live data.
     */
    @Bean
    H2Compaction h2Compaction(DataSource dataSource) {
        return new H2Compaction(dataSource, Duration.ofMillis(500));
    }
}
