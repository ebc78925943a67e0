package io.a2ebatch.download;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.ledger.DownloadLedger;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.throttle.RequestGate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The download ledger and the factory of a run's downloads. */
@Configuration(proxyBeanMethods = false)
public class DownloadConfiguration {

    /** Takes the ledger, whose schema bean creates the download columns before the first call. */
    @Bean
    DownloadLedger downloadLedger(JdbcTemplate jdbcTemplate, Ledger ledger) {
        return new DownloadLedger(jdbcTemplate, ledger);
    }

    @Bean
    DownloadsFactory downloadsFactory(DownloadProperties properties, DownloadLedger ledger,
                                      ObjectProvider<A2eClient> client, RequestGate gate, RunControl control) {
        return new DownloadsFactory(properties, ledger, client::getObject, gate, FamilyCatalog.everyProvider(), control);
    }
}
