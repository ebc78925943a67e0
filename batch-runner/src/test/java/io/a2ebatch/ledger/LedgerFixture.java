package io.a2ebatch.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunPass;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A ledger in an H2 file database, with the lease of one run taken, as the runner uses it. */
public final class LedgerFixture {

    public final DataSource dataSource;
    public final Ledger ledger;
    public final RunLeases leases;
    public final RunPass pass;

    private LedgerFixture(DataSource dataSource, String runName, Duration ttl) throws Exception {
        this.dataSource = dataSource;
        new JobRepositorySchema(dataSource).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        this.ledger = new Ledger(jdbc);
        this.leases = new RunLeases(jdbc, ttl);
        LeaseToken lease = leases.tryAcquire(runName).orElseThrow();
        long runId = ledger.createRun(lease, "0000abcd", "/m.csv", false, java.time.Instant.now());
        ledger.startPass(lease, 1);
        this.pass = new RunPass(runName, runId, 1, lease);
    }

    public static JdbcDataSource h2(Path base, String options) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + base + ";WRITE_DELAY=0" + options);
        ds.setUser("sa");
        return ds;
    }

    /** Opens the ledger in {@code dataSource} and takes run {@code runName} with a lease of {@code ttl}. */
    public static LedgerFixture open(DataSource dataSource, String runName, Duration ttl) throws Exception {
        return new LedgerFixture(dataSource, runName, ttl);
    }

    /**
     * Makes the run's lease expire now, by the database's clock, as if its owner had stopped renewing
     * it (deterministic, unlike waiting for a short time to live on a loaded machine).
     */
    public void expireLease() {
        new JdbcTemplate(dataSource).update("UPDATE A2E_LEASE SET EXPIRES_AT = CURRENT_TIMESTAMP - INTERVAL '1' SECOND"
                + " WHERE RUN_NAME = ?", pass.runName());
    }

    /** The number of the fixture's run, which keys its rows. */
    public long runId() {
        return pass.runId();
    }

    /** Pass {@code n} of the fixture's run under {@code lease}. */
    public RunPass pass(long n, LeaseToken lease) {
        return new RunPass(pass.runName(), pass.runId(), n, lease);
    }

    /** Records one new row as pass 1 does. */
    public void add(String key, long line, String family, String request) {
        ledger.record(pass, List.of(new RowPlanner(RowPlanner.Options.DEFAULT).decide(
                new RowPlanner.Incoming(key, line, family, request), null, pass.pass())));
    }

    /** Records new rows {@code k1..kn} on lines 2..n+1 as pass 1 does. */
    public void addRows(int n, String family, String requestPrefix) {
        RowPlanner planner = new RowPlanner(RowPlanner.Options.DEFAULT);
        List<RowPlanner.Decision> decisions = IntStream.rangeClosed(1, n)
                .mapToObj(i -> planner.decide(new RowPlanner.Incoming("k" + i, i + 1, family,
                        "{\"" + requestPrefix + "\":\"u" + i + "\"}"), null, pass.pass()))
                .toList();
        ledger.record(pass, decisions);
    }
}
