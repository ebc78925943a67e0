package io.a2ebatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.a2ebatch.job.FreshPostgres;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerFixture;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunPass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * How a fleet shares one run, on H2 and on PostgreSQL: each partition has a lease of its own, taken
 * only under the live lease of the run held by a manager that split it into as many partitions, and the
 * run's lease is not taken while a partition's is live; the partitions' ledgers see disjoint slices of the run that together cover it.
 */
class PartitionOwnershipTest {

    private static final String RUN = "/fleet.csv";
    private static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private LedgerFixture h2() throws Exception {
        return LedgerFixture.open(LedgerFixture.h2(dir.resolve("jobrepo"), ""), RUN, TTL);
    }

    private static LedgerFixture postgres(FreshPostgres pg) throws Exception {
        DataSource ds = new DriverManagerDataSource(pg.url(), "a2e", "a2e");
        return LedgerFixture.open(ds, RUN, TTL);
    }

    @Test
    void partitionLeasesLiveOnlyUnderTheRunsLeaseOnH2() throws Exception {
        assertPartitionLeasesLiveUnderTheRunsLease(h2());
    }

    @Test
    void partitionLeasesLiveOnlyUnderTheRunsLeaseOnPostgres() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create()) {
            assertPartitionLeasesLiveUnderTheRunsLease(postgres(pg));
        }
    }

    @Test
    void thePartitionsOfARunSeeDisjointSlicesThatCoverItOnH2() throws Exception {
        assertSlicesCoverTheRun(h2());
    }

    @Test
    void thePartitionsOfARunSeeDisjointSlicesThatCoverItOnPostgres() throws Exception {
        try (FreshPostgres pg = FreshPostgres.create()) {
            assertSlicesCoverTheRun(postgres(pg));
        }
    }

    private static void assertPartitionLeasesLiveUnderTheRunsLease(LedgerFixture fixture) {
        RunLeases leases = fixture.leases;
        KeySlice first = new KeySlice(0, 3);
        LeaseToken manager = fixture.pass.lease();
        fixture.addRows(1, "headSwap", "image_url");

        assertThat(leases.tryAcquirePartition(RUN, first)).as("before the manager split the run").isEmpty();
        assertThat(leases.announcePartitions(manager, 3)).isTrue();
        assertThat(leases.tryAcquirePartition(RUN, new KeySlice(0, 2))).as("a stale split into 2").isEmpty();

        LeaseToken worker = leases.tryAcquirePartition(RUN, first).orElseThrow();
        assertThat(leases.tryAcquirePartition(RUN, first)).as("a second worker on the same partition").isEmpty();
        assertThat(leases.tryAcquirePartition(RUN, new KeySlice(1, 3))).as("another partition").isPresent();
        assertThat(leases.renew(worker)).isTrue();

        // The manager goes: the run's lease is given back, but the run stays closed while partitions live.
        leases.release(manager);
        assertThat(leases.renew(worker)).as("a partition is not renewed without its manager").isFalse();
        assertThat(leases.tryAcquire(RUN)).as("the run while its partitions' leases live").isEmpty();
        assertThat(leases.owner(RUN)).as("who keeps the run").isPresent();
        assertThat(leases.tryAcquirePartition(RUN, new KeySlice(2, 3))).as("a partition without a manager")
                .isEmpty();

        // Until it expires the worker's lease still fences its writes; then they are refused, and the run
        // can be taken.
        RunPass partitionPass = fixture.pass(1, worker);
        fixture.ledger.markSubmitting(partitionPass, "k1", "task-k1", Instant.now());
        new JdbcTemplate(fixture.dataSource).update("UPDATE A2E_LEASE SET EXPIRES_AT = CURRENT_TIMESTAMP"
                + " - INTERVAL '1' SECOND WHERE PARENT_RUN = ?", RUN);
        assertThatThrownBy(() -> fixture.ledger.markPending(partitionPass, "k1"))
                .isInstanceOf(LeaseLostException.class);
        LeaseToken plainRun = leases.tryAcquire(RUN).orElseThrow(
                () -> new AssertionError("the run is free once its partitions' leases expired"));
        assertThat(leases.tryAcquirePartition(RUN, first)).as("a worker beside a plain run").isEmpty();
        assertThat(plainRun.epoch()).isGreaterThan(manager.epoch());
    }

    private static void assertSlicesCoverTheRun(LedgerFixture fixture) {
        fixture.addRows(50, "headSwap", "image_url");
        Set<String> seen = new HashSet<>();
        long counted = 0;
        for (int i = 0; i < 3; i++) {
            Ledger slice = fixture.ledger.slice(new KeySlice(i, 3));
            List<LedgerRow> pending = slice.pending(fixture.pass, 0, 1000);
            assertThat(pending).as("slice %d", i).isNotEmpty().allSatisfy(row -> assertThat(row.line() % 3)
                    .isEqualTo((long) pending.get(0).line() % 3));
            pending.forEach(row -> assertThat(seen.add(row.key())).as("%s in two slices", row.key()).isTrue());
            counted += slice.counts(fixture.runId()).get(RowState.PENDING);
            assertThat(slice.inState(fixture.pass, RowState.PENDING)).hasSameSizeAs(pending);
        }
        assertThat(seen).hasSize(50);
        assertThat(counted).isEqualTo(50);
        assertThat(IntStream.rangeClosed(1, 50).mapToObj(i -> "k" + i)).allMatch(seen::contains);
        assertThat(fixture.ledger.counts(fixture.runId()).get(RowState.PENDING)).isEqualTo(50);
    }
}
