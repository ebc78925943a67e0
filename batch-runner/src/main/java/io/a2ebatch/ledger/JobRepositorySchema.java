package io.a2ebatch.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates Spring Batch's tables (once: its scripts are not idempotent) and the ledger's tables (every
 * start: {@code CREATE ... IF NOT EXISTS}) in the job repository database, on H2 or PostgreSQL.
 * Boot's own {@code initialize-schema=always} would fail on the second run against a file database.
 * <p>
 * A job repository written by a2e-batch before run names (ledger keyed by job instance, column
 * {@code RUN_ID} in {@code A2E_ROW} and no {@code A2E_RUN}) is refused with what to do, not migrated:
 * its rows cannot be assigned to run names reliably, and a fresh job repository adopts those runs'
 * tasks from A2E anyway (the reconcile).
 * <p>
 * Older versions are migrated in place, before the ledger script adds what they lack. Version 3 (rows
 * keyed by run name): the runs are numbered ({@code A2E_RUN.RUN_ID}), then each run-keyed table takes
 * its run's number, is keyed by it and loses the name; version 2 (the request body in {@code A2E_ROW})
 * then has its requests copied to {@code A2E_REQUEST} and the column dropped. Each step can be
 * repeated, so a migration cut short (H2 commits each DDL statement on its own) completes on the next
 * start; rows keep their states, so a run in progress resumes where it was.
 */
public final class JobRepositorySchema implements InitializingBean {

    private final DataSource dataSource;

    public JobRepositorySchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Key of the PostgreSQL advisory lock that makes concurrent first starts create the schema once. */
    private static final long SCHEMA_LOCK = 0x613265_62617463L;

    private static final String LEDGER_SCRIPT = "a2e/ledger-schema.sql";

    /** H2's write delay while a fresh schema is created: longer than creating it takes, so it is written once. */
    private static final long SCHEMA_WRITE_DELAY_MILLIS = 60_000;

    /**
     * The tables keyed by run since version 3: name, key columns after the run, and the indexes to
     * drop (the script creates them again on the run's number). {@code A2E_ROW} comes last: its
     * {@code RUN_NAME} column is what says that the migration is still to do.
     */
    private record RunKeyed(String table, String keyAfterRun, List<String> indexes) {
    }

    private static final List<RunKeyed> RUN_KEYED = List.of(
            new RunKeyed("A2E_REQUEST", "ROW_KEY", List.of()),
            new RunKeyed("A2E_SUPERSEDED", "TASK_ID", List.of()),
            new RunKeyed("A2E_REJECT", "PASS, LINE", List.of("A2E_REJECT_KEY")),
            new RunKeyed("A2E_ROW", "ROW_KEY", List.of("A2E_ROW_STATE_LINE", "A2E_ROW_LINE", "A2E_ROW_TASK")));

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String platform = platform(meta.getDatabaseProductName());
            boolean postgres = platform.equals("postgresql");
            if (postgres) {
                // Two processes started together on a fresh database would both create the tables.
                try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    lock.setLong(1, SCHEMA_LOCK);
                    lock.execute();
                }
            }
            try {
                create(connection, meta, platform);
            } finally {
                if (postgres) {
                    try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                        unlock.setLong(1, SCHEMA_LOCK);
                        unlock.execute();
                    }
                }
            }
        }
    }

    private static void create(Connection connection, DatabaseMetaData meta, String platform) throws SQLException {
        boolean batchTablesExist = tableExists(meta, "BATCH_JOB_INSTANCE") || tableExists(meta, "batch_job_instance");
        String schema = connection.getSchema();
        // One look at the rows' columns tells every version apart (none: a fresh database).
        Set<String> rowColumns = columns(meta, schema, "A2E_ROW");
        // Version 1 had no A2E_RUN; version 4 numbers its rows' runs in an A2E_ROW.RUN_ID of its own.
        if (rowColumns.contains("RUN_ID") && !rowColumns.contains("RUN_NAME")
                && !tableExists(meta, "A2E_RUN") && !tableExists(meta, "a2e_run")) {
            throw new IllegalStateException("The job repository (" + meta.getURL() + ") was written by an"
                    + " earlier a2e-batch, whose ledger is keyed by job instance instead of run name; this"
                    + " version does not read it. Use a new one (another --state-dir, or an empty PostgreSQL"
                    + " database): on its first run each manifest finds its tasks at A2E by name and adopts"
                    + " them (--reconcile-since must reach back to when they were created). Keep the old"
                    + " one until then.");
        }
        if (rowColumns.contains("RUN_NAME")) {
            keyRowsByRunId(connection, meta, schema);
        }
        if (batchTablesExist) {
            // An existing job repository: the ledger script again, which only adds what this version
            // has and the database lacks (every statement is IF NOT EXISTS).
            ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
            populator.addScript(new ClassPathResource(LEDGER_SCRIPT));
            populator.populate(connection);
        } else {
            createFresh(connection, platform);
        }
        if (rowColumns.contains("REQUEST")) {
            moveRequestsOutOfRows(connection);
        }
    }

    /**
     * A fresh database, as on every first run of a manifest: Spring Batch's script and the ledger's, sent
     * as one multi-statement execution in one transaction (H2 and the PostgreSQL driver both take the
     * statements of a script in one call), instead of a statement and a commit at a time through Spring's
     * script splitter: a first start spent about a seventh of its main thread here. On PostgreSQL the
     * whole schema appears at once or not at all; H2 commits each DDL statement whatever the transaction,
     * which is why the ledger script stays repeatable. With the run's {@code WRITE_DELAY=0} each of those
     * commits would also write and sync the file, 31 times for these scripts (strace); H2 writes them
     * together instead, when its write delay is set back to the connection's own at the end.
     */
    private static void createFresh(Connection connection, String platform) throws SQLException {
        String batch = script("org/springframework/batch/core/schema-" + platform + ".sql").strip();
        String script = (batch.endsWith(";") ? batch : batch + ";") + "\n" + script(LEDGER_SCRIPT);
        if (!platform.equals("h2")) {
            inTransaction(connection, statement -> statement.execute(script));
            return;
        }
        String writeDelay = h2WriteDelay(connection);
        inTransaction(connection, statement -> {
            statement.execute("SET WRITE_DELAY " + SCHEMA_WRITE_DELAY_MILLIS);
            try {
                statement.execute(script);
            } finally {
                statement.execute("SET WRITE_DELAY " + writeDelay);
            }
        });
    }

    /** The H2 database's write delay in milliseconds, as its URL or its last {@code SET} left it. */
    private static String h2WriteDelay(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            if (!rs.next()) {
                throw new IllegalStateException("This H2 database does not report its WRITE_DELAY setting; a2e-batch"
                        + " needs H2 2.x");
            }
            return Long.toString(Long.parseLong(rs.getString(1).strip()));
        }
    }

    private static String script(String resource) {
        try (InputStream in = JobRepositorySchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The schema script " + resource + " is missing from the"
                        + " class path; the a2e-batch build is incomplete: rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the schema script " + resource, e);
        }
    }

    /**
     * Schema version 3 → 4: the runs get their numbers, and every run-keyed table is keyed by them
     * instead of the run's name. Every statement can run again after any of them committed: the
     * number of a row is set where it is still missing, the old key and indexes are dropped if they
     * exist before the new key is added, and a table's {@code RUN_NAME} is dropped last, so a table
     * without it is done. On PostgreSQL the whole migration is one transaction.
     */
    private static void keyRowsByRunId(Connection connection, DatabaseMetaData meta, String schema)
            throws SQLException {
        inTransaction(connection, statement -> {
            // Numbers the existing runs (both databases fill an identity column added to a table).
            statement.execute("ALTER TABLE A2E_RUN ADD COLUMN IF NOT EXISTS RUN_ID BIGINT GENERATED BY DEFAULT"
                    + " AS IDENTITY");
            statement.execute("CREATE UNIQUE INDEX IF NOT EXISTS A2E_RUN_ID ON A2E_RUN (RUN_ID)");
            for (RunKeyed t : RUN_KEYED) {
                if (!columns(meta, schema, t.table()).contains("RUN_NAME")) {
                    continue;
                }
                statement.execute("ALTER TABLE " + t.table() + " ADD COLUMN IF NOT EXISTS RUN_ID BIGINT");
                statement.executeUpdate("UPDATE " + t.table() + " SET RUN_ID = (SELECT R.RUN_ID FROM A2E_RUN R"
                        + " WHERE R.RUN_NAME = " + t.table() + ".RUN_NAME) WHERE RUN_ID IS NULL");
                refuseRowsOfUnknownRuns(statement, t.table());
                statement.execute("ALTER TABLE " + t.table() + " ALTER COLUMN RUN_ID SET NOT NULL");
                statement.execute("ALTER TABLE " + t.table() + " DROP CONSTRAINT IF EXISTS " + t.table() + "_PK");
                for (String index : t.indexes()) {
                    statement.execute("DROP INDEX IF EXISTS " + index);
                }
                statement.execute("ALTER TABLE " + t.table() + " ADD CONSTRAINT " + t.table() + "_PK PRIMARY KEY"
                        + " (RUN_ID, " + t.keyAfterRun() + ")");
                statement.execute("ALTER TABLE " + t.table() + " DROP COLUMN RUN_NAME");
            }
        });
    }

    /** Schema version 2 → 3: the requests move from {@code A2E_ROW} to {@code A2E_REQUEST}. */
    private static void moveRequestsOutOfRows(Connection connection) throws SQLException {
        inTransaction(connection, statement -> {
            statement.executeUpdate("INSERT INTO A2E_REQUEST (RUN_ID, ROW_KEY, REQUEST)"
                    + " SELECT R.RUN_ID, R.ROW_KEY, R.REQUEST FROM A2E_ROW R WHERE NOT EXISTS"
                    + " (SELECT 1 FROM A2E_REQUEST Q WHERE Q.RUN_ID = R.RUN_ID AND Q.ROW_KEY = R.ROW_KEY)");
            statement.executeUpdate("ALTER TABLE A2E_ROW DROP COLUMN REQUEST");
        });
    }

    /** Work on one statement, committed together or rolled back, whatever the connection's auto-commit. */
    private static void inTransaction(Connection connection, SqlWork work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            work.run(statement);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Statement statement) throws SQLException;
    }

    private static String platform(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return "h2";
        }
        if (name.contains("postgres")) {
            return "postgresql";
        }
        throw new IllegalStateException("The job repository database is " + productName
                + "; a2e-batch supports H2 (the default) and PostgreSQL");
    }

    /**
     * Every run has its {@code A2E_RUN} row before its first row is recorded, so a row left without a
     * number belongs to no run this version can resume: say so rather than fail on the key.
     */
    private static void refuseRowsOfUnknownRuns(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT MIN(RUN_NAME), COUNT(*) FROM " + table
                + " WHERE RUN_ID IS NULL")) {
            if (rs.next() && rs.getLong(2) > 0) {
                throw new IllegalStateException("The job repository's " + table + " has " + rs.getLong(2)
                        + " row(s) of runs it has no record of in A2E_RUN (such as '" + rs.getString(1) + "'): it"
                        + " was not written by a2e-batch alone, and its ledger cannot be upgraded. Use a new"
                        + " --state-dir or database: each manifest's first run adopts its tasks from A2E.");
            }
        }
    }

    /**
     * The columns of {@code table} (named in upper case on H2, in lower case on PostgreSQL), in upper
     * case; none if it does not exist.
     */
    private static Set<String> columns(DatabaseMetaData meta, String schema, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        for (String name : List.of(table, table.toLowerCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getColumns(null, schema, name, null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
                }
            }
            if (!columns.isEmpty()) {
                break;
            }
        }
        return columns;
    }

    private static boolean tableExists(DatabaseMetaData meta, String table) throws SQLException {
        try (ResultSet rs = meta.getTables(null, null, table, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
