package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.RunPass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class LedgerTest {

    private static final String RUN = "/data/jobs.csv";

    @TempDir
    Path dir;

    private LedgerFixture fixture;
    private Ledger ledger;
    private RunPass pass;

    @BeforeEach
    void openLedger() throws Exception {
        fixture = LedgerFixture.open(LedgerFixture.h2(dir.resolve("jobrepo"), ""), RUN, Duration.ofMinutes(5));
        ledger = fixture.ledger;
        pass = fixture.pass;
    }

    private void addRows(int n) {
        fixture.addRows(n, "headSwap", "image_url");
    }

    @Test
    void createsItsSchemaOnceAndReopensAnExistingDatabase() throws Exception {
        addRows(2);
        new JobRepositorySchema(fixture.dataSource).afterPropertiesSet();
        assertThat(new Ledger(new JdbcTemplate(fixture.dataSource)).counts(fixture.runId()))
                .containsEntry(RowState.PENDING, 2L);
    }

    @Test
    void walksAPendingRowThroughSubmissionToItsEnd() {
        addRows(1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ledger.markSubmitting(pass, "k1", "k1 [a2e 0000abcd]", t0);
        ledger.markSubmitted(pass, "k1", "task-1", t0.plusSeconds(1));
        ledger.markFinished(pass, "k1", RowState.COMPLETED, "https://r/1.mp4", null, 10L, t0.plusSeconds(9));

        LedgerRow row = ledger.row(pass, "k1");
        assertThat(row.state()).isEqualTo(RowState.COMPLETED);
        assertThat(row.taskId()).isEqualTo("task-1");
        assertThat(row.taskName()).isEqualTo("k1 [a2e 0000abcd]");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.submittingAt()).isEqualTo(t0);
        assertThat(row.finishedAt()).isEqualTo(t0.plusSeconds(9));
        assertThat(row.coins()).isEqualTo(10L);
        assertThat(ledger.coins(fixture.runId())).isEqualTo(10);
        assertThat(ledger.isTaskIdTaken(pass, "task-1")).isTrue();
    }

    @Test
    void refusesToSubmitARowTwice() {
        addRows(1);
        ledger.markSubmitting(pass, "k1", "n", Instant.now());
        ledger.markSubmitted(pass, "k1", "task-1", Instant.now());
        assertThatThrownBy(() -> ledger.markSubmitting(pass, "k1", "n", Instant.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("k1");
    }

    @Test
    void neverMarksARowInDoubtAsSubmittingAgain() {
        addRows(1);
        ledger.markSubmitting(pass, "k1", "n", Instant.now());
        assertThatThrownBy(() -> ledger.markSubmitting(pass, "k1", "n", Instant.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected state");
        ledger.markPending(pass, "k1");
        ledger.markSubmitting(pass, "k1", "n", Instant.now());
        assertThat(ledger.row(pass, "k1").attempts()).isEqualTo(2);
    }

    @Test
    void returnsARowInDoubtToPendingOnlyFromSubmitting() {
        addRows(2);
        ledger.markSubmitting(pass, "k1", "n", Instant.now());
        ledger.markPending(pass, "k1");
        ledger.markSubmitting(pass, "k2", "n", Instant.now());
        ledger.markSubmitted(pass, "k2", "t2", Instant.now());
        ledger.markPending(pass, "k2");
        assertThat(ledger.row(pass, "k1").state()).isEqualTo(RowState.PENDING);
        assertThat(ledger.row(pass, "k1").attempts()).isEqualTo(1);
        assertThat(ledger.row(pass, "k2").state()).isEqualTo(RowState.SUBMITTED);
    }

    @Test
    void pagesPendingRowsInManifestOrder() {
        addRows(25);
        List<String> keys = new ArrayList<>();
        long after = 0;
        for (List<LedgerRow> page; !(page = ledger.pending(pass, after, 10)).isEmpty(); ) {
            page.forEach(r -> keys.add(r.key()));
            after = page.get(page.size() - 1).line();
        }
        assertThat(keys).hasSize(25).startsWith("k1", "k2", "k3").endsWith("k25");
    }

    @Test
    void readsTheRowsOfGivenKeysWithTheirRequests() {
        addRows(30);
        Map<String, LedgerRow> rows = ledger.rows(fixture.runId(), List.of("k3", "k17", "unknown"));
        assertThat(rows).containsOnlyKeys("k3", "k17");
        assertThat(rows.get("k17").request()).isEqualTo("{\"image_url\":\"u17\"}");
        assertThat(rows.get("k3").line()).isEqualTo(4);
    }

    @Test
    void looksEachKeyUpInThePrimaryKeyInsteadOfReadingTheWholeRun() {
        // An IN list on ROW_KEY would be matched against every row of the run (the run leads each index).
        String plan = new JdbcTemplate(fixture.dataSource).queryForObject("EXPLAIN " + Ledger.rowsOfKeys(3),
                String.class, "k1", "k2", "k3", fixture.runId());
        assertThat(plan).containsPattern("\"A2E_ROW\" \"R\"\\s+/\\* PUBLIC\\.PRIMARY_KEY_\\w+: RUN_ID = \\?4"
                + "\\s+AND ROW_KEY = K\\.ROW_KEY");
    }

    @Test
    void findsTheFirstRejectLineOfEachKeyOfThePass() {
        ledger.insertRejects(pass, List.of(new RejectedRow(40, "bad", List.of("m.csv:40:2 type: unknown"),
                List.of("bad", "nope")), new RejectedRow(9, "bad", List.of("x"), List.of("bad"))));
        assertThat(ledger.firstRejectLines(pass, List.of("bad", "good"))).isEqualTo(Map.of("bad", 9L));
        assertThat(ledger.rejectsAfter(pass, 0, 10)).extracting(RejectedRow::line).containsExactly(9L, 40L);
        assertThat(ledger.rejectCount(fixture.pass(2, pass.lease()))).isZero();
    }

    @Test
    void keepsRunsApart() throws Exception {
        addRows(2);
        LedgerFixture other = LedgerFixture.open(fixture.dataSource, "/other.csv", Duration.ofMinutes(5));
        other.addRows(1, "headSwap", "image_url");
        assertThat(ledger.counts(fixture.runId())).containsEntry(RowState.PENDING, 2L);
        assertThat(ledger.counts(other.runId())).containsEntry(RowState.PENDING, 1L);
    }

    @Test
    void refusesEveryWriteOnceAnotherProcessTookTheRunOver() throws Exception {
        LedgerFixture shortLease = LedgerFixture.open(fixture.dataSource, "/short.csv", Duration.ofMinutes(5));
        shortLease.addRows(2, "headSwap", "image_url");
        RunPass stale = shortLease.pass;
        shortLease.expireLease();
        var taken = shortLease.leases.tryAcquire("/short.csv");
        assertThat(taken).as("expired lease taken over").isPresent();
        assertThat(taken.get().epoch()).isGreaterThan(stale.lease().epoch());

        assertThatThrownBy(() -> ledger.markSubmitting(stale, "k1", "n", Instant.now()))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> ledger.markFinished(stale, "k2", RowState.FAILED, null, "x", null, Instant.now()))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> ledger.fence(stale.lease())).isInstanceOf(LeaseLostException.class);
        assertThat(ledger.row(stale, "k1").state()).isEqualTo(RowState.PENDING);
        assertThat(ledger.row(stale, "k2").state()).isEqualTo(RowState.PENDING);

        RunPass fresh = shortLease.pass(1, taken.get());
        ledger.markSubmitting(fresh, "k1", "n", Instant.now());
        assertThat(ledger.row(fresh, "k1").state()).isEqualTo(RowState.SUBMITTING);
    }

    @Test
    void refusesWritesOfAnExpiredLeaseEvenBeforeAnyoneTakesItOver() throws Exception {
        LedgerFixture shortLease = LedgerFixture.open(fixture.dataSource, "/paused.csv", Duration.ofMinutes(5));
        shortLease.addRows(1, "headSwap", "image_url");
        shortLease.expireLease();
        assertThatThrownBy(() -> ledger.markSubmitting(shortLease.pass, "k1", "n", Instant.now()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(shortLease.leases.renew(shortLease.pass.lease())).as("an expired lease is not renewed").isFalse();
    }

    @Test
    void recordsAGroupOfStartsTaskIdsAndEndsEachInOneGo() {
        addRows(3);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ledger.markSubmitting(pass, List.of(new Ledger.Submitting("k1", "n1"), new Ledger.Submitting("k2", "n2"),
                new Ledger.Submitting("k3", "n3")), t0);
        assertThat(ledger.counts(fixture.runId())).containsEntry(RowState.SUBMITTING, 3L);
        ledger.markSubmitted(pass, List.of(new Ledger.Submitted("k1", "t1", t0), new Ledger.Submitted("k3", "t3", t0)));
        ledger.markFinished(pass, List.of(
                new Ledger.Finished("k1", RowState.COMPLETED, "https://r/1", null, 5L, t0.plusSeconds(3)),
                new Ledger.Finished("k3", RowState.FAILED, null, "moderated", 0L, t0.plusSeconds(4))));

        assertThat(ledger.row(pass, "k1")).extracting(LedgerRow::state, LedgerRow::taskName, LedgerRow::taskId,
                LedgerRow::resultUrl).containsExactly(RowState.COMPLETED, "n1", "t1", "https://r/1");
        assertThat(ledger.row(pass, "k2").state()).as("its id not recorded yet: in doubt")
                .isEqualTo(RowState.SUBMITTING);
        assertThat(ledger.row(pass, "k3")).extracting(LedgerRow::state, LedgerRow::error)
                .containsExactly(RowState.FAILED, "moderated");
    }

    @Test
    void acceptsTaskIdsRecordedAgainAfterTheirCommitsAnswerWasLost() {
        addRows(2);
        ledger.markSubmitting(pass, List.of(new Ledger.Submitting("k1", "n1"), new Ledger.Submitting("k2", "n2")),
                Instant.now());
        List<Ledger.Submitted> ids = List.of(new Ledger.Submitted("k1", "t1", Instant.now()),
                new Ledger.Submitted("k2", "t2", Instant.now()));
        ledger.markSubmitted(pass, ids);
        ledger.markSubmitted(pass, ids);

        assertThat(ledger.counts(fixture.runId())).containsEntry(RowState.SUBMITTED, 2L);
        assertThatThrownBy(() -> ledger.markSubmitted(pass, "k1", "another-task", Instant.now()))
                .as("a different task for a row that has one").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recordsNoneOfAGroupOfStartsWhenOneOfItsRowsIsNotPending() {
        addRows(3);
        ledger.markSubmitting(pass, "k2", "n2", Instant.now());
        ledger.markSubmitted(pass, "k2", "t2", Instant.now());

        assertThatThrownBy(() -> ledger.markSubmitting(pass, List.of(new Ledger.Submitting("k1", "n1"),
                new Ledger.Submitting("k2", "n2"), new Ledger.Submitting("k3", "n3")), Instant.now()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'k2'")
                .hasMessageContaining("it is SUBMITTED");
        assertThat(ledger.counts(fixture.runId())).containsEntry(RowState.PENDING, 2L)
                .containsEntry(RowState.SUBMITTED, 1L).containsEntry(RowState.SUBMITTING, 0L);
        assertThat(ledger.row(pass, "k1").attempts()).isZero();
    }

    @Test
    void recordsNoTaskIdOfAGroupWhoseRowIsNoLongerInDoubt() {
        addRows(2);
        ledger.markSubmitting(pass, List.of(new Ledger.Submitting("k1", "n1"), new Ledger.Submitting("k2", "n2")),
                Instant.now());
        ledger.markPending(pass, "k2");

        assertThatThrownBy(() -> ledger.markSubmitted(pass, List.of(new Ledger.Submitted("k1", "t1", Instant.now()),
                new Ledger.Submitted("k2", "t2", Instant.now()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'k2'").hasMessageContaining("PENDING");
        assertThat(ledger.row(pass, "k1").state()).isEqualTo(RowState.SUBMITTING);
        assertThat(ledger.isTaskIdTaken(pass, "t1")).isFalse();
    }

    @Test
    void refusesEveryGroupWriteOfALostLeaseAndRecordsNothingOfIt() throws Exception {
        LedgerFixture stale = LedgerFixture.open(fixture.dataSource, "/group.csv", Duration.ofMinutes(5));
        stale.addRows(2, "headSwap", "image_url");
        stale.ledger.markSubmitting(stale.pass, "k2", "n2", Instant.now());
        stale.expireLease();
        List<Ledger.Submitting> both = List.of(new Ledger.Submitting("k1", "n1"), new Ledger.Submitting("k2", "n2"));

        assertThatThrownBy(() -> ledger.markSubmitting(stale.pass, both, Instant.now()))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> ledger.markSubmitted(stale.pass, List.of(new Ledger.Submitted("k2", "t2",
                Instant.now()), new Ledger.Submitted("k2", "t2", Instant.now())))).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> ledger.markFinished(stale.pass, List.of(
                new Ledger.Finished("k1", RowState.FAILED, null, "x", null, Instant.now()),
                new Ledger.Finished("k2", RowState.FAILED, null, "x", null, Instant.now()))))
                .isInstanceOf(LeaseLostException.class);
        assertThat(ledger.counts(stale.runId())).containsEntry(RowState.PENDING, 1L)
                .containsEntry(RowState.SUBMITTING, 1L);
    }

    @Test
    void adoptsTheFoundTasksOfAGroupOfPendingRowsAndLeavesARowInAnotherStateAsItWas() {
        addRows(3);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ledger.markSubmitting(pass, "k2", "k2 [a2e 0000abcd]", at);

        int adopted = ledger.adopt(pass, List.of(new Ledger.Adoption("k1", "k1 [a2e 0000abcd]", "t1", 1),
                new Ledger.Adoption("k2", "k2 [a2e 0000abcd]", "t2", 1),
                new Ledger.Adoption("k3", "k3 [a2e 0000abcd] #2", "t3", 2)), at);

        assertThat(adopted).isEqualTo(2);
        LedgerRow k3 = ledger.row(pass, "k3");
        assertThat(k3.state()).isEqualTo(RowState.SUBMITTED);
        assertThat(k3.taskId()).isEqualTo("t3");
        assertThat(k3.taskAttempt()).isEqualTo(2);
        assertThat(k3.plan()).isEqualTo(Plan.FOLLOW);
        assertThat(k3.submittedAt()).isEqualTo(at);
        assertThat(ledger.row(pass, "k1").taskId()).isEqualTo("t1");
        assertThat(ledger.row(pass, "k2").state()).as("in doubt, not adopted").isEqualTo(RowState.SUBMITTING);
        assertThat(ledger.row(pass, "k2").taskId()).isNull();
    }

    @Test
    void adoptsNothingOfAGroupOnceTheLeaseIsLost() throws Exception {
        LedgerFixture stale = LedgerFixture.open(fixture.dataSource, "/adopt.csv", Duration.ofMinutes(5));
        stale.addRows(2, "headSwap", "image_url");
        stale.expireLease();

        assertThatThrownBy(() -> ledger.adopt(stale.pass, List.of(new Ledger.Adoption("k1", "n1", "t1", 1),
                new Ledger.Adoption("k2", "n2", "t2", 1)), Instant.now())).isInstanceOf(LeaseLostException.class);
        assertThat(ledger.counts(stale.runId())).containsEntry(RowState.PENDING, 2L);
    }

    @Test
    void keepsTheRequestOfAKeptRowWhenAPassRecordsItAgain() {
        addRows(1);
        RowPlanner planner = new RowPlanner(RowPlanner.Options.DEFAULT);
        ledger.markSubmitting(pass, "k1", "n", Instant.now());
        ledger.markSubmitted(pass, "k1", "t1", Instant.now());
        ledger.markFinished(pass, "k1", RowState.COMPLETED, "https://r/1", null, 1L, Instant.now());
        LedgerRow done = ledger.row(pass, "k1");
        RunPass second = fixture.pass(2, pass.lease());
        ledger.record(second, List.of(planner.decide(new RowPlanner.Incoming("k1", 7, "headSwap",
                "{\"image_url\":\"edited\"}"), done, 2)));

        LedgerRow held = ledger.row(second, "k1");
        assertThat(held.plan()).isEqualTo(Plan.CHANGED_HELD);
        assertThat(held.line()).isEqualTo(7);
        assertThat(held.request()).as("the request its task was created with").isEqualTo(done.request());
        assertThat(held.changedFields()).isEqualTo("image_url");
    }

    @Test
    void movesTheRequestsOfAVersion2LedgerToTheirOwnTableOnce() throws Exception {
        var v2 = LedgerFixture.h2(dir.resolve("v2"), "");
        var populator = new org.springframework.jdbc.datasource.init.ResourceDatabasePopulator(
                new org.springframework.core.io.ClassPathResource("a2e/ledger-schema-v2.sql"));
        populator.execute(v2);
        JdbcTemplate jdbc = new JdbcTemplate(v2);
        jdbc.update("INSERT INTO A2E_RUN (RUN_NAME, RUN_TAG, MANIFEST, CREATED_AT, PASS, RECONCILE_PENDING)"
                + " VALUES ('/old.csv', '0000abcd', '/old.csv', CURRENT_TIMESTAMP, 1, FALSE)");
        jdbc.update("INSERT INTO A2E_ROW (RUN_NAME, ROW_KEY, LINE, FAMILY, REQUEST, FINGERPRINT, STATE, SEEN_PASS,"
                + " PLAN) VALUES ('/old.csv', 'a', 2, 'headSwap', '{\"image_url\":\"u\"}', 'f', 'COMPLETED', 1,"
                + " 'NEW')");

        new JobRepositorySchema(v2).afterPropertiesSet();
        new JobRepositorySchema(v2).afterPropertiesSet();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'A2E_ROW'"
                + " AND COLUMN_NAME = 'REQUEST'", Integer.class)).isZero();
        Ledger upgraded = new Ledger(jdbc);
        assertThat(upgraded.rowsByKey(upgraded.run("/old.csv").orElseThrow().id(), "", 10)).singleElement()
                .extracting(LedgerRow::request, LedgerRow::state)
                .containsExactly("{\"image_url\":\"u\"}", RowState.COMPLETED);
    }
}
