package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunPass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class DownloadLedgerTest {

    private static final String RUN = "/data/jobs.csv";
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    private LedgerFixture fixture;
    private Ledger ledger;
    private DownloadLedger downloads;

    @BeforeEach
    void openLedger() throws Exception {
        fixture = LedgerFixture.open(LedgerFixture.h2(dir.resolve("jobrepo"), ""), RUN, Duration.ofMinutes(5));
        ledger = fixture.ledger;
        downloads = new DownloadLedger(new JdbcTemplate(fixture.dataSource), ledger);
    }

    /** Rows k1..kn completed with a result URL each. */
    private void completed(LedgerFixture run, int n) {
        run.addRows(n, "userText2Image", "prompt");
        for (int i = 1; i <= n; i++) {
            String key = "k" + i;
            ledger.markSubmitting(run.pass, key, key + " [a2e 0000abcd]", Instant.EPOCH);
            ledger.markSubmitted(run.pass, key, "task-" + i, Instant.EPOCH);
            ledger.markFinished(run.pass, key, RowState.COMPLETED, "https://cdn/" + i + ".png", null, 1L, Instant.EPOCH);
        }
    }

    @Test
    void recordsEachStepOfADownloadByRunNameAndKey() throws Exception {
        completed(fixture, 2);
        LedgerFixture other = LedgerFixture.open(fixture.dataSource, "/other.csv", Duration.ofMinutes(5));
        completed(other, 1);
        RunPass pass = fixture.pass;

        downloads.markDownloading(pass, "k1", "k1.png");
        assertThat(downloads.completedRows(fixture.runId())).extracting(DownloadLedger.Pending::key,
                DownloadLedger.Pending::file,
                DownloadLedger.Pending::downloaded).containsExactly(
                        tuple("k1", "k1.png", false),
                        tuple("k2", null, false));
        downloads.markDownloaded(pass, "k1", "k1.png", 1234, SHA);
        downloads.markDownloadFailed(pass, "k2", "gave up");

        assertThat(ledger.row(fixture.pass, "k1").download())
                .isEqualTo(new LedgerRow.Download("k1.png", 1234L, SHA, null));
        assertThat(ledger.row(fixture.pass, "k2").download()).isEqualTo(new LedgerRow.Download(null, null, null,
                "gave up"));
        assertThat(downloads.completedRows(fixture.runId()).get(0).downloadedBytes()).isEqualTo(1234);
        assertThat(downloads.totals(fixture.runId())).isEqualTo(new DownloadLedger.Totals(1, 1234, 1));
        assertThat(downloads.totals(other.runId())).as("another run's rows")
                .isEqualTo(new DownloadLedger.Totals(0, 0, 0));
        assertThat(ledger.row(other.pass, "k1").download()).isEqualTo(LedgerRow.Download.NONE);
    }

    @Test
    void recordsNoDownloadOnceAnotherProcessTookTheRunOver() {
        completed(fixture, 1);
        RunPass stale = fixture.pass;
        fixture.expireLease();
        LeaseToken taken = fixture.leases.tryAcquire(RUN).orElseThrow();

        assertThatThrownBy(() -> downloads.markDownloading(stale, "k1", "k1.png"))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> downloads.markDownloaded(stale, "k1", "k1.png", 10, SHA))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> downloads.markDownloadFailed(stale, "k1", "x"))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> downloads.updateResultUrl(stale, "k1", "https://elsewhere/1.png"))
                .isInstanceOf(LeaseLostException.class);
        RunPass now = fixture.pass(1, taken);
        assertThat(ledger.row(now, "k1").download()).isEqualTo(LedgerRow.Download.NONE);
        assertThat(ledger.row(now, "k1").resultUrl()).isEqualTo("https://cdn/1.png");
        assertThat(downloads.completedRows(fixture.runId())).singleElement().satisfies(p -> {
            assertThat(p.file()).isNull();
            assertThat(p.downloaded()).isFalse();
        });

        downloads.markDownloaded(now, "k1", "k1.png", 10, SHA);
        assertThat(ledger.row(now, "k1").download().file()).isEqualTo("k1.png");
    }

    @Test
    void refusesDownloadWritesOfAnExpiredLeaseEvenBeforeAnyoneTakesItOver() {
        completed(fixture, 1);
        fixture.expireLease();
        assertThatThrownBy(() -> downloads.markDownloaded(fixture.pass, "k1", "k1.png", 10, SHA))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aNewAttemptOfACompletedRowHasItsFileFetchedAgain() {
        completed(fixture, 1);
        downloads.markDownloaded(fixture.pass, "k1", "k1.png", 10, SHA);

        ledger.startPass(fixture.pass.lease(), 2);
        RunPass second = fixture.pass(2, fixture.pass.lease());
        LedgerRow existing = ledger.row(second, "k1");
        RowPlanner.Decision resubmit = new RowPlanner(new RowPlanner.Options(false, true)).decide(
                new RowPlanner.Incoming("k1", 2, "userText2Image", "{\"prompt\":\"edited\"}"), existing, 2);
        assertThat(resubmit.plan()).isEqualTo(Plan.RESUBMIT);
        ledger.record(second, List.of(resubmit));

        assertThat(ledger.row(second, "k1").download()).isEqualTo(LedgerRow.Download.NONE);
        assertThat(downloads.totals(fixture.runId())).isEqualTo(new DownloadLedger.Totals(0, 0, 0));
    }
}
