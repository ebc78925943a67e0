package io.a2ebatch.ledger;

import java.time.Duration;

import javax.sql.DataSource;

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

    /** Takes the schema bean so that the tables exist before the first ledger call. */
    @Bean
    Ledger ledger(JdbcTemplate jdbcTemplate, JobRepositorySchema schema) {
        return new Ledger(jdbcTemplate);
    }

    /** Every second: a run commits a few thousand times a second, each commit a new H2 chunk. */
    @Bean
    H2Compaction h2Compaction(DataSource dataSource) {
        return new H2Compaction(dataSource, Duration.ofSeconds(1));
    }
}
