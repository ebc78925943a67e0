package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class LedgerTest {

    private static final long RUN = 7;

    @TempDir
    Path dir;

    private Ledger ledger;

    @BeforeEach
    void openLedger() throws Exception {
        ledger = open();
    }

    private Ledger open() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("jobrepo") + ";WRITE_DELAY=0");
        ds.setUser("sa");
        new JobRepositorySchema(ds).afterPropertiesSet();
        return new Ledger(new JdbcTemplate(ds));
    }

    private void addRows(int n) {
        assertThat(ledger.insertPendingUnlessKeyTaken(RUN, IntStream.rangeClosed(1, n)
                .mapToObj(i -> new Ledger.NewRow("k" + i, i + 1, "headSwap", "{\"image_url\":\"u" + i + "\"}"))
                .toList())).isEmpty();
    }

    @Test
    void createsItsSchemaOnceAndReopensAnExistingDatabase() throws Exception {
        addRows(2);
        Ledger reopened = open();
        assertThat(reopened.counts(RUN)).containsEntry(RowState.PENDING, 2L);
    }

    @Test
    void walksAPendingRowThroughSubmissionToItsEnd() {
        addRows(1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ledger.markSubmitting(RUN, "k1", "k1 [a2e 0000abcd]", t0);
        ledger.markSubmitted(RUN, "k1", "task-1", t0.plusSeconds(1));
        ledger.markFinished(RUN, "k1", RowState.COMPLETED, "https://r/1.mp4", null, 10L, t0.plusSeconds(9));

        LedgerRow row = ledger.row(RUN, "k1");
        assertThat(row.state()).isEqualTo(RowState.COMPLETED);
        assertThat(row.taskId()).isEqualTo("task-1");
        assertThat(row.taskName()).isEqualTo("k1 [a2e 0000abcd]");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.submittingAt()).isEqualTo(t0);
        assertThat(row.finishedAt()).isEqualTo(t0.plusSeconds(9));
        assertThat(row.coins()).isEqualTo(10L);
        assertThat(ledger.coins(RUN)).isEqualTo(10);
        assertThat(ledger.isTaskIdTaken(RUN, "task-1")).isTrue();
    }

    @Test
    void refusesToSubmitARowTwice() {
        addRows(1);
        ledger.markSubmitting(RUN, "k1", "n", Instant.now());
        ledger.markSubmitted(RUN, "k1", "task-1", Instant.now());
        assertThatThrownBy(() -> ledger.markSubmitting(RUN, "k1", "n", Instant.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("k1");
    }

    @Test
    void returnsARowInDoubtToPendingOnlyFromSubmitting() {
        addRows(2);
        ledger.markSubmitting(RUN, "k1", "n", Instant.now());
        ledger.markPending(RUN, "k1");
        ledger.markSubmitting(RUN, "k2", "n", Instant.now());
        ledger.markSubmitted(RUN, "k2", "t2", Instant.now());
        ledger.markPending(RUN, "k2");
        assertThat(ledger.row(RUN, "k1").state()).isEqualTo(RowState.PENDING);
        assertThat(ledger.row(RUN, "k1").attempts()).isEqualTo(1);
        assertThat(ledger.row(RUN, "k2").state()).isEqualTo(RowState.SUBMITTED);
    }

    @Test
    void pagesPendingRowsInManifestOrder() {
        addRows(25);
        List<String> keys = new ArrayList<>();
        long after = 0;
        for (List<LedgerRow> page; !(page = ledger.pending(RUN, after, 10)).isEmpty(); ) {
            page.forEach(r -> keys.add(r.key()));
            after = page.get(page.size() - 1).line();
        }
        assertThat(keys).hasSize(25).startsWith("k1", "k2", "k3").endsWith("k25");
    }

    @Test
    void refusesAKeyAlreadyUsedByARowOrByARejectOnAnEarlierLine() {
        addRows(3);
        ledger.insertRejects(RUN, List.of(new RejectedRow(40, "bad", List.of("m.csv:40:2 type: unknown"),
                List.of("bad", "nope"))));
        List<Ledger.NewRow> taken = ledger.insertPendingUnlessKeyTaken(RUN, List.of(
                new Ledger.NewRow("k2", 50, "headSwap", "{}"),
                new Ledger.NewRow("bad", 51, "headSwap", "{}"),
                new Ledger.NewRow("new", 52, "headSwap", "{}")));
        assertThat(taken).extracting(Ledger.NewRow::line).containsExactly(50L, 51L);
        assertThat(ledger.firstLineOf(RUN, "k2")).isEqualTo(3);
        assertThat(ledger.firstLineOf(RUN, "bad")).isEqualTo(40);
        assertThat(ledger.firstLineOf(RUN, "new")).isEqualTo(52);
        assertThat(ledger.rejectsAfter(RUN, 0, 10)).singleElement()
                .satisfies(r -> assertThat(r.record()).containsExactly("bad", "nope"));
    }

    @Test
    void letsAValidRowKeepAKeyThatOnlyALaterRejectRepeats() {
        ledger.insertRejects(RUN, List.of(new RejectedRow(9, "k", List.of("bad"), List.of("k"))));
        assertThat(ledger.insertPendingUnlessKeyTaken(RUN, List.of(new Ledger.NewRow("k", 4, "headSwap", "{}"))))
                .isEmpty();
    }

    @Test
    void keepsRunsApart() {
        addRows(2);
        ledger.insertPendingUnlessKeyTaken(RUN + 1, List.of(new Ledger.NewRow("k1", 2, "headSwap", "{}")));
        assertThat(ledger.counts(RUN)).containsEntry(RowState.PENDING, 2L);
        assertThat(ledger.counts(RUN + 1)).containsEntry(RowState.PENDING, 1L);
    }
}
