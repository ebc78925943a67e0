package io.a2ebatch.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerFixture;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.Backoff;
import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.RequestGate;
import io.a2ebatch.throttle.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fresh-state reconcile adopts the tasks A2E already has in groups, one ledger transaction each: one
 * cut short keeps what it committed, and the next reconcile of the run adopts the rest, no row twice.
 */
class ReconcilerTest {

    private static final String TOKEN = "sk_test_reconciler_0123456789abcdef";
    private static final TaskFamily TEXT_TO_IMAGE = FamilyCatalog.bundled().require("userText2Image");
    /** More than one group of adoptions. */
    private static final int ROWS = 1_500;

    @TempDir
    Path dir;

    private A2eSimulator sim;
    private A2eClient client;
    private RequestGate gate;
    private LedgerFixture fixture;
    private final TaskNaming naming = new TaskNaming("0000abcd");

    @BeforeEach
    void start() throws Exception {
        sim = A2eSimulator.builder().tokens(TOKEN).seed(7).start();
        client = new A2eClient(sim.baseUrl(), ApiToken.of(TOKEN), A2eClient.defaultHttpClient(Duration.ofSeconds(2)),
                Duration.ofSeconds(5), new RequestCounter());
        gate = new RequestGate(new RateLimiter(RateLimiterConfig.smooth(10_000), Ticker.SYSTEM),
                new Backoff(Duration.ofMillis(10), 2, Duration.ofMillis(100), 3), Ticker.SYSTEM, new Random(1));
        fixture = LedgerFixture.open(LedgerFixture.h2(dir.resolve("jobrepo"), ""), "/data/lost.csv",
                Duration.ofMinutes(5));
        fixture.addRows(ROWS, TEXT_TO_IMAGE.name(), "prompt");
        // What an earlier run of the manifest sent before its state was lost.
        for (int i = 1; i <= ROWS; i++) {
            ObjectNode body = SpecJson.MAPPER.createObjectNode();
            body.put("name", naming.nameFor("k" + i, null, 1));
            body.put("prompt", "u" + i);
            client.start(TEXT_TO_IMAGE, body);
        }
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Reconciler reconciler(Ledger ledger) {
        return new Reconciler(client, gate, ledger, FamilyCatalog.bundled(), naming, Clock.systemUTC());
    }

    @Test
    void aReconcileCutShortAfterItsFirstGroupAdoptsTheRestTheNextTimeAndNoRowTwice() throws Exception {
        // The run is taken over while the first group of adoptions is being written: that group commits,
        // the next one finds the lease gone.
        AtomicInteger groups = new AtomicInteger();
        JdbcTemplate losingTheLease = new JdbcTemplate(fixture.dataSource) {
            @Override
            public <T> int[][] batchUpdate(String sql, Collection<T> batchArgs, int batchSize,
                                           ParameterizedPreparedStatementSetter<T> setter) {
                int[][] counts = super.batchUpdate(sql, batchArgs, batchSize, setter);
                if (sql.contains("PLAN = ?") && groups.incrementAndGet() == 1) {
                    fixture.expireLease();
                }
                return counts;
            }
        };

        assertThatThrownBy(() -> reconciler(new Ledger(losingTheLease)).reconcile(fixture.pass, Duration.ofHours(1)))
                .isInstanceOf(LeaseLostException.class);
        long adoptedFirst = fixture.ledger.counts(fixture.runId()).getOrDefault(RowState.SUBMITTED, 0L);
        assertThat(adoptedFirst).as("the first group, committed").isEqualTo(1_000);

        RunPass next = fixture.pass(2, fixture.leases.tryAcquire(fixture.pass.runName()).orElseThrow());
        Reconciler.Result again = reconciler(fixture.ledger).reconcile(next, Duration.ofHours(1));

        assertThat(again.adopted()).isEqualTo(ROWS - adoptedFirst);
        assertThat(fixture.ledger.counts(fixture.runId())).containsEntry(RowState.SUBMITTED, (long) ROWS)
                .containsEntry(RowState.PENDING, 0L);
        List<String> taskIds = new JdbcTemplate(fixture.dataSource).queryForList(
                "SELECT TASK_ID FROM A2E_ROW WHERE RUN_ID = ?", String.class, fixture.runId());
        assertThat(taskIds).as("every row its own task").doesNotHaveDuplicates().hasSize(ROWS);
        assertThat(sim.stats().tasksCreated()).as("nothing started by the reconcile").isEqualTo(ROWS);
    }
}
