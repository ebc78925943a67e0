package io.a2ebatch.download;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.ledger.JobRepositorySchema;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.throttle.RequestGate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The download ledger and the factory of a run's downloads. */
@Configuration(proxyBeanMethods = false)
public class DownloadConfiguration {

    /** Takes the schema bean so that the download columns exist before the first call. */
    @Bean
    DownloadLedger downloadLedger(JdbcTemplate jdbcTemplate, JobRepositorySchema schema) {
        return new DownloadLedger(jdbcTemplate);
    }

    @Bean
    DownloadsFactory downloadsFactory(DownloadProperties properties, DownloadLedger ledger, A2eClient client,
                                      RequestGate gate) {
        return new DownloadsFactory(properties, ledger, client, gate, FamilyCatalog.bundled());
    }
}
