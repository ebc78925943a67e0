package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.a2ebatch.failure.RepositoryRetry;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.throttle.Ticker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

/**
 * A ledger write whose statement committed but whose connection broke before the answer came back:
 * the retried write changes nothing (the row has moved on) and must accept the row as its own, once,
 * instead of failing the run; a row in any other state is still refused.
 */
class LedgerOutageTest {

    private static final String RUN = "/data/outage.csv";

    @TempDir
    Path dir;

    private LedgerFixture fixture;
    private BreakingJdbc jdbc;
    private Ledger ledger;
    private RunPass pass;
    private Runnable duringPause = () -> { };

    /** Commits an update, then reports the connection broken, once, for the statement named. */
    private static final class BreakingJdbc extends JdbcTemplate {
        volatile String breakAfter;
        volatile String breakBefore;

        BreakingJdbc(javax.sql.DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public int update(String sql, Object... args) {
            return breaking(sql, () -> super.update(sql, args));
        }

        // A single write of a group (Ledger.updateEach) goes through this overload.
        @Override
        public int update(String sql, PreparedStatementSetter setter) {
            return breaking(sql, () -> super.update(sql, setter));
        }

        private <T> T breaking(String sql, Supplier<T> statement) {
            if (breakBefore != null && sql.startsWith(breakBefore)) {
                breakBefore = null;
                throw broken();
            }
            T result = statement.get();
            if (breakAfter != null && sql.startsWith(breakAfter)) {
                breakAfter = null;
                throw broken();
            }
            return result;
        }

        private static RuntimeException broken() {
            return new TransientDataAccessResourceException("PreparedStatementCallback",
                    new SQLTransientConnectionException("An I/O error occurred while sending to the backend", "08006"));
        }
    }

    @BeforeEach
    void openLedger() throws Exception {
        fixture = LedgerFixture.open(LedgerFixture.h2(dir.resolve("jobrepo"), ""), RUN, Duration.ofMinutes(5));
        fixture.addRows(2, "headSwap", "image_url");
        jdbc = new BreakingJdbc(fixture.dataSource);
        Ticker ticker = new Ticker() {
            private long now;

            @Override
            public long nanoTime() {
                return now;
            }

            @Override
            public void sleep(Duration duration) {
                now += duration.toNanos();
                duringPause.run();
            }
        };
        ledger = new Ledger(jdbc, RepositoryRetry.within(Duration.ofSeconds(30), "jdbc:h2:test", ticker));
        pass = fixture.pass;
    }

    @Test
    void aSubmittingMarkThatCommittedBeforeItsConnectionBrokeIsAcceptedAndCountedOnce() {
        jdbc.breakAfter = "UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, SUBMITTING_AT";
        ledger.markSubmitting(pass, "k1", "k1 [a2e 0000abcd]", Instant.now());

        LedgerRow row = ledger.row(pass, "k1");
        assertThat(row.state()).isEqualTo(RowState.SUBMITTING);
        assertThat(row.attempts()).as("one attempt recorded, not two").isEqualTo(1);
        assertThatThrownBy(() -> ledger.markSubmitting(pass, "k1", "k1 [a2e 0000abcd]", Instant.now()))
                .as("a second submitter is still refused").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTaskIdAndAnAdoptionThatCommittedBeforeTheConnectionBrokeAreAccepted() {
        ledger.markSubmitting(pass, "k1", "k1 [a2e 0000abcd]", Instant.now());
        jdbc.breakAfter = "UPDATE A2E_ROW SET STATE = ?, TASK_ID = ?, SUBMITTED_AT";
        ledger.markSubmitted(pass, "k1", "task-1", Instant.now());
        assertThat(ledger.row(pass, "k1").taskId()).isEqualTo("task-1");

        jdbc.breakAfter = "UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, TASK_ID = ?";
        assertThat(ledger.adopt(pass, List.of(new Ledger.Adoption("k2", "k2 [a2e 0000abcd]", "task-2", 1)),
                Instant.now())).isEqualTo(1);
        assertThat(ledger.row(pass, "k2").state()).isEqualTo(RowState.SUBMITTED);
    }

    @Test
    void aRetryThatFindsTheRowInAnotherStateIsStillRefused() {
        ledger.markSubmitting(pass, "k1", "an older attempt's name", Instant.now());
        jdbc.breakBefore = "UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, SUBMITTING_AT";
        assertThatThrownBy(() -> ledger.markSubmitting(pass, "k1", "k1 [a2e 0000abcd]", Instant.now()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ledger.row(pass, "k1").taskName()).isEqualTo("an older attempt's name");
    }

    @Test
    void aRetryAfterTheLeaseExpiredDuringTheOutageRecordsNothingMore() {
        jdbc.breakAfter = "UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, SUBMITTING_AT";
        duringPause = fixture::expireLease;
        assertThatThrownBy(() -> ledger.markSubmitting(pass, "k1", "k1 [a2e 0000abcd]", Instant.now()))
                .isInstanceOf(LeaseLostException.class);
    }
}
