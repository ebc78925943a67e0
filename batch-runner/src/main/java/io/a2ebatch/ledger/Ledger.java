package io.a2ebatch.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

import io.a2ebatch.failure.RepositoryRetry;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.spec.SpecJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.JsonNode;

/**
 * The per-row record of a run, keyed by the run's number and the row key, in the job repository's
 * database. The run is found by name once, when a pass begins ({@link #run}), and its number travels
 * with the pass ({@link RunPass#runId()}): the name, a manifest's path of often a hundred characters,
 * would otherwise lead every key and index entry that a change of state compares and rewrites.
 * Called from the ingest step's chunk transaction it takes part in that transaction (so a replayed
 * chunk is a no-op); called from the engine's own threads every call commits on its own (a call for a
 * group of rows in one transaction), so a row's state is on disk before the request it announces is
 * sent, and a state learnt from an answer before the row counts as submitted or finished.
 * The request bodies, large and written once, live in a table of their own ({@code A2E_REQUEST}), so
 * that changes of state rewrite only small rows.
 * <p>
 * Every write is fenced by the owner's lease: it names the {@link LeaseToken} and changes nothing
 * unless the lease row still carries that owner and epoch and has not expired by the database's clock.
 * A refused write throws {@link LeaseLostException}, so a process that lost its run records nothing
 * more and sends nothing more.
 */
public final class Ledger {

    /** A row with its request ({@link #FROM_ROWS}); RUN_ID and ROW_KEY are then R.RUN_ID and R.ROW_KEY. */
    private static final String COLUMNS = "R.ROW_KEY, LINE, FAMILY, REQUEST, FINGERPRINT, STATE, TASK_NAME, TASK_ID,"
            + " TASK_ATTEMPT, RESULT_URL, ERROR, COINS, ATTEMPTS, SUBMITTING_AT, SUBMITTED_AT, FINISHED_AT,"
            + " SEEN_PASS, PLAN, CHANGED_FIELDS, DOWNLOAD_STATE, FILE_NAME, FILE_BYTES, FILE_SHA256,"
            + " DOWNLOAD_ERROR";

    /** {@link #COLUMNS} without the request, of A2E_ROW alone: LedgerRow#request() is then null. */
    private static final String COLUMNS_WITHOUT_REQUEST = COLUMNS.replace(" REQUEST,", " NULL AS REQUEST,");

    private static final String FROM_ROWS = " FROM A2E_ROW R JOIN A2E_REQUEST Q ON Q.RUN_ID = R.RUN_ID"
            + " AND Q.ROW_KEY = R.ROW_KEY";

    /**
     * Appended to a write's WHERE clause; takes the lease's name (the run's, or a fleet partition's),
     * owner id and epoch (also {@link DownloadLedger}'s). Leases stay keyed by name: they are taken
     * before the run has a number, and a partition's lease is a row of its own.
     */
    static final String FENCE = " AND EXISTS (SELECT 1 FROM A2E_LEASE L WHERE L.RUN_NAME = ?"
            + " AND L.OWNER_ID = ? AND L.EPOCH = ? AND L.EXPIRES_AT > CURRENT_TIMESTAMP)";

    /*
     * Keyset pages are ordered by the leading columns of their index as well, although those are
     * fixed by the WHERE clause: H2 walks the index in order (instead of reading every match and
     * sorting it) only when ORDER BY names the index's columns from the first.
     */
    private static final String ORDER_BY_STATE_LINE = " ORDER BY R.RUN_ID, STATE, LINE";
    private static final String ORDER_BY_LINE = " ORDER BY RUN_ID, LINE";
    private static final String ROWS_ORDER_BY_LINE = " ORDER BY R.RUN_ID, LINE";
    private static final String ORDER_BY_PASS_LINE = " ORDER BY RUN_ID, PASS, LINE";

    /** A run number no run has (identity columns start at 1): the rows of a run not recorded yet. */
    public static final long NO_RUN = 0;

    private final JdbcTemplate jdbc;
    private final RepositoryRetry retry;
    private final TransactionTemplate transactions;
    /** Appended to the execute step's row selections: "" for the whole run, else a fleet partition's rows. */
    private final String sliceFilter;

    /** A ledger whose operations are tried once (for components tested on their own). */
    public Ledger(JdbcTemplate jdbc) {
        this(jdbc, RepositoryRetry.once());
    }

    /**
     * A ledger that rides out a job repository outage through {@code retry}: every operation outside
     * a transaction may run more than once, so each write is idempotent (a conditional one that finds
     * its row already in the state it writes, after an attempt that may have committed, accepts it).
     */
    public Ledger(JdbcTemplate jdbc, RepositoryRetry retry) {
        // Joins the caller's transaction on the same database if there is one (the ingest chunk).
        this(jdbc, retry, new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource())), "");
    }

    private Ledger(JdbcTemplate jdbc, RepositoryRetry retry, TransactionTemplate transactions, String sliceFilter) {
        this.jdbc = jdbc;
        this.retry = retry;
        this.transactions = transactions;
        this.sliceFilter = sliceFilter;
    }

    RepositoryRetry retry() {
        return retry;
    }

    /**
     * This ledger restricted to {@code slice}: the rows a fleet's partition sends, settles, follows and
     * counts are its own ({@link #pending}, {@link #inState}, {@link #counts}, {@link #pendingFamilies});
     * writes are unchanged (each names its row and is fenced by the partition's lease), and so is the
     * repository retry.
     */
    public Ledger slice(KeySlice slice) {
        return new Ledger(jdbc, retry, transactions, " AND MOD(LINE, " + slice.count() + ") = " + slice.index());
    }

    // ---- the run ----

    /**
     * The run's record.
     *
     * @param name             run name
     * @param id               the run's number, which keys its rows
     * @param tag              run tag
     * @param manifest         manifest path of its first pass
     * @param pass             the pass it is at (0 before the first)
     * @param reconcilePending whether the fresh-state reconcile with A2E is still to do
     */
    public record RunRecord(String name, long id, String tag, String manifest, long pass, boolean reconcilePending) {
    }

    /** The run named {@code name}, if the job repository knows it. */
    public Optional<RunRecord> run(String name) {
        return retry.call(() ->
                jdbc.query("SELECT RUN_NAME, RUN_ID, RUN_TAG, MANIFEST, PASS, RECONCILE_PENDING FROM A2E_RUN"
                + " WHERE RUN_NAME = ?", (rs, n) -> new RunRecord(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getBoolean(6)), name).stream().findFirst());
    }

    /**
     * Records a run the job repository did not know (its owner holds the lease).
     *
     * @return the number the database gave the run ({@link RunRecord#id()})
     */
    public long createRun(LeaseToken lease, String tag, String manifest, boolean reconcilePending, Instant at) {
        retry.call(again -> {
            // An earlier attempt may have inserted it before its connection broke.
            if (again && run(lease.runName()).isPresent()) {
                return null;
            }
            fence(lease);
            jdbc.update("INSERT INTO A2E_RUN (RUN_NAME, RUN_TAG, MANIFEST, CREATED_AT, PASS, RECONCILE_PENDING)"
                    + " VALUES (?, ?, ?, ?, 0, ?)", lease.runName(), tag, manifest, ts(at), reconcilePending);
            return null;
        });
        // Read back rather than through the driver's generated keys, which H2 and PostgreSQL name apart.
        return run(lease.runName()).orElseThrow().id();
    }

    /** Moves the run to pass {@code pass}. */
    public void startPass(LeaseToken lease, long pass) {
        retry.run(() -> expectRun(jdbc.update("UPDATE A2E_RUN SET PASS = ? WHERE RUN_NAME = ?" + FENCE,
                pass, lease.runName(), lease.runName(), lease.ownerId(), lease.epoch()), lease, "start pass " + pass));
    }

    /**
     * The run's callback secret: {@code candidate} if the run had none (recorded now), else the one
     * recorded before, so that callbacks of tasks started before a restart are still accepted.
     */
    public String callbackSecret(RunPass pass, String candidate) {
        // Sets the secret only where none is yet, then reads it: running it again is harmless. The run's
        // row is the pass's; the fence is its lease's (a fleet partition's token names its own lease row).
        LeaseToken lease = pass.lease();
        return retry.call(() -> {
            jdbc.update("UPDATE A2E_RUN SET CALLBACK_SECRET = ? WHERE RUN_NAME = ? AND CALLBACK_SECRET IS NULL"
                    + FENCE, candidate, pass.runName(), lease.runName(), lease.ownerId(), lease.epoch());
            String secret = jdbc.queryForObject("SELECT CALLBACK_SECRET FROM A2E_RUN WHERE RUN_NAME = ?",
                    String.class, pass.runName());
            if (secret == null) {
                throw lost(lease);
            }
            return secret;
        });
    }

    /** The fresh-state reconcile is done (or was skipped): later passes never repeat it. */
    public void reconcileDone(LeaseToken lease) {
        retry.run(() -> expectRun(jdbc.update("UPDATE A2E_RUN SET RECONCILE_PENDING = FALSE WHERE RUN_NAME = ?"
                + FENCE, lease.runName(), lease.runName(), lease.ownerId(), lease.epoch()), lease,
                "end the reconcile"));
    }

    /**
     * Checks, inside the caller's transaction, that {@code lease} still holds, and locks the lease row
     * until that transaction ends: a takeover waits for it, so the transaction's writes are fenced.
     */
    public void fence(LeaseToken lease) {
        retry.run(() -> {
            int held = jdbc.update("UPDATE A2E_LEASE SET EPOCH = EPOCH WHERE RUN_NAME = ? AND OWNER_ID = ?"
                    + " AND EPOCH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP", lease.runName(), lease.ownerId(), lease.epoch());
            if (held != 1) {
                throw lost(lease);
            }
        });
    }

    // ---- ingest (inside the chunk transaction) ----

    /** The ledger's rows of {@code keys}, by key (at most a thousand keys at a time). */
    public Map<String, LedgerRow> rows(long runId, Collection<String> keys) {
        Map<String, LedgerRow> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>(keys);
        args.add(runId);
        jdbc.query(rowsOfKeys(keys.size()), rs -> {
            LedgerRow row = ROW.mapRow(rs, 0);
            found.put(row.key(), row);
        }, args.toArray());
        return found;
    }

    /** The first line of each of {@code keys} among the pass's rejects. */
    public Map<String, Long> firstRejectLines(RunPass pass, Collection<String> keys) {
        Map<String, Long> lines = new HashMap<>();
        if (keys.isEmpty()) {
            return lines;
        }
        List<Object> args = new ArrayList<>(keys);
        args.add(pass.runId());
        args.add(pass.pass());
        jdbc.query("SELECT J.ROW_KEY, MIN(J.LINE) FROM " + keyList(keys.size()) + " JOIN A2E_REJECT J"
                + " ON J.RUN_ID = ? AND J.PASS = ? AND J.ROW_KEY = K.ROW_KEY GROUP BY J.ROW_KEY", rs -> {
                    lines.put(rs.getString(1), rs.getLong(2));
                }, args.toArray());
        return lines;
    }

    /** The query of {@link #rows}: {@code n} keys, then the run's number. */
    static String rowsOfKeys(int n) {
        return "SELECT " + COLUMNS + " FROM " + keyList(n) + " JOIN A2E_ROW R ON R.RUN_ID = ?"
                + " AND R.ROW_KEY = K.ROW_KEY JOIN A2E_REQUEST Q ON Q.RUN_ID = R.RUN_ID AND Q.ROW_KEY = R.ROW_KEY";
    }

    /**
     * A table {@code K(ROW_KEY)} of {@code n} keys given as parameters, to join with a keyed table.
     * Not {@code ROW_KEY IN (...)}: H2 looks an IN list up in an index only on the index's first
     * column, which is the run's number in every index of the ledger, so each look-up read every row of
     * the run (an ingest quadratic in the manifest's size: 1,000 keys compared with each row of the
     * run, per chunk). Joined, each key is one look-up of the primary key, on H2 and PostgreSQL alike.
     */
    /** {@code n} parameter markers for an IN list. */
    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static String keyList(int n) {
        return "(VALUES " + String.join(", ", Collections.nCopies(n, "(?)")) + ") AS K(ROW_KEY)";
    }

    /**
     * Records the pass's decisions: new rows inserted with their requests, rows the pass sends updated
     * with theirs, the other known rows given only the pass's line and plan (their request stays as it
     * is), the tasks of replaced attempts remembered so that no look-up adopts them again.
     */
    public void record(RunPass pass, List<RowPlanner.Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        fence(pass.lease());
        List<LedgerRow> inserts = new ArrayList<>();
        List<LedgerRow> resets = new ArrayList<>();
        List<LedgerRow> touched = new ArrayList<>();
        List<RowPlanner.Decision> superseding = new ArrayList<>();
        for (RowPlanner.Decision d : decisions) {
            (d.plan() == Plan.NEW ? inserts : d.plan().sends() ? resets : touched).add(d.after());
            if (d.supersededTaskId() != null) {
                superseding.add(d);
            }
        }
        long run = pass.runId();
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO A2E_ROW (LINE, FAMILY, FINGERPRINT, STATE, TASK_NAME, TASK_ID,"
                    + " TASK_ATTEMPT, RESULT_URL, ERROR, COINS, SUBMITTED_AT, FINISHED_AT, SEEN_PASS, PLAN,"
                    + " CHANGED_FIELDS, RUN_ID, ROW_KEY) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    inserts, inserts.size(), (ps, r) -> setRecorded(ps, r, run));
            jdbc.batchUpdate("INSERT INTO A2E_REQUEST (REQUEST, RUN_ID, ROW_KEY) VALUES (?, ?, ?)", inserts,
                    inserts.size(), (ps, r) -> setRequest(ps, r, run));
        }
        if (!resets.isEmpty()) {
            jdbc.batchUpdate("UPDATE A2E_ROW SET LINE = ?, FAMILY = ?, FINGERPRINT = ?, STATE = ?,"
                    + " TASK_NAME = ?, TASK_ID = ?, TASK_ATTEMPT = ?, RESULT_URL = ?, ERROR = ?, COINS = ?,"
                    + " SUBMITTED_AT = ?, FINISHED_AT = ?, SEEN_PASS = ?, PLAN = ?, CHANGED_FIELDS = ?"
                    + " WHERE RUN_ID = ? AND ROW_KEY = ?", resets, resets.size(), (ps, r) -> setRecorded(ps, r, run));
            jdbc.batchUpdate("UPDATE A2E_REQUEST SET REQUEST = ? WHERE RUN_ID = ? AND ROW_KEY = ?", resets,
                    resets.size(), (ps, r) -> setRequest(ps, r, run));
        }
        if (!touched.isEmpty()) {
            jdbc.batchUpdate("UPDATE A2E_ROW SET LINE = ?, SEEN_PASS = ?, PLAN = ?, CHANGED_FIELDS = ?"
                    + " WHERE RUN_ID = ? AND ROW_KEY = ?", touched, touched.size(), (ps, r) -> {
                        ps.setLong(1, r.line());
                        ps.setLong(2, r.seenPass());
                        ps.setString(3, r.plan().name());
                        ps.setString(4, r.changedFields());
                        ps.setLong(5, run);
                        ps.setString(6, r.key());
                    });
        }
        if (!superseding.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO A2E_SUPERSEDED (RUN_ID, TASK_ID, ROW_KEY) VALUES (?, ?, ?)", superseding,
                    superseding.size(), (ps, d) -> {
                        ps.setLong(1, run);
                        ps.setString(2, d.supersededTaskId());
                        ps.setString(3, d.after().key());
                    });
            // A new attempt brings a new result: the file of the replaced one is fetched again.
            jdbc.batchUpdate("UPDATE A2E_ROW SET DOWNLOAD_STATE = NULL, FILE_NAME = NULL, FILE_BYTES = NULL,"
                    + " FILE_SHA256 = NULL, DOWNLOAD_ERROR = NULL WHERE RUN_ID = ? AND ROW_KEY = ?", superseding,
                    superseding.size(), (ps, d) -> {
                        ps.setLong(1, run);
                        ps.setString(2, d.after().key());
                    });
        }
    }

    private static void setRecorded(PreparedStatement ps, LedgerRow r, long run) throws SQLException {
        ps.setLong(1, r.line());
        ps.setString(2, r.family());
        ps.setString(3, r.fingerprint());
        ps.setString(4, r.state().name());
        ps.setString(5, r.taskName());
        ps.setString(6, r.taskId());
        ps.setInt(7, r.taskAttempt());
        ps.setString(8, r.resultUrl());
        ps.setString(9, r.error());
        ps.setObject(10, r.coins());
        ps.setObject(11, ts(r.submittedAt()));
        ps.setObject(12, ts(r.finishedAt()));
        ps.setLong(13, r.seenPass());
        ps.setString(14, r.plan().name());
        ps.setString(15, r.changedFields());
        ps.setLong(16, run);
        ps.setString(17, r.key());
    }

    private static void setRequest(PreparedStatement ps, LedgerRow r, long run) throws SQLException {
        ps.setString(1, r.request());
        ps.setLong(2, run);
        ps.setString(3, r.key());
    }

    /** Adds rows that will not be sent. */
    public void insertRejects(RunPass pass, List<RejectedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        fence(pass.lease());
        jdbc.batchUpdate("INSERT INTO A2E_REJECT (RUN_ID, PASS, LINE, ROW_KEY, PROBLEMS, RECORD)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", rows, rows.size(), (ps, row) -> {
                    ps.setLong(1, pass.runId());
                    ps.setLong(2, pass.pass());
                    ps.setLong(3, row.line());
                    ps.setString(4, row.key());
                    ps.setString(5, SpecJson.MAPPER.writeValueAsString(row.problems()));
                    ps.setString(6, SpecJson.MAPPER.writeValueAsString(row.record()));
                });
    }

    /**
     * After the pass's ingest: pending rows whose key the manifest no longer has are withdrawn (kept,
     * never sent). Returns how many.
     */
    public int withdrawMissing(RunPass pass) {
        fence(pass.lease());
        return retry.call(() ->
                jdbc.update("UPDATE A2E_ROW SET STATE = ? WHERE RUN_ID = ? AND STATE = ? AND SEEN_PASS <> ?",
                RowState.WITHDRAWN.name(), pass.runId(), RowState.PENDING.name(), pass.pass()));
    }

    // ---- the plan of a pass ----

    /** Rows of the pass per plan. */
    public Map<Plan, Long> planCounts(RunPass pass) {
        return retry.call(() ->
                countsBy(Plan.class, "SELECT PLAN, COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND SEEN_PASS = ?"
                + " GROUP BY PLAN", pass.runId(), pass.pass()));
    }

    /** Up to {@code limit} rows of the pass with {@code plan}, in manifest order. */
    public List<LedgerRow> planned(RunPass pass, Plan plan, int limit) {
        return retry.call(() -> jdbc.query("SELECT " + COLUMNS + FROM_ROWS
                + " WHERE R.RUN_ID = ? AND SEEN_PASS = ? AND PLAN = ?" + ROWS_ORDER_BY_LINE + " LIMIT ?",
                ROW, pass.runId(), pass.pass(), plan.name(), limit));
    }

    /** Rows of the run whose key the pass's manifest does not have. */
    public long missingCount(RunPass pass) {
        Long n = retry.call(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND SEEN_PASS <> ?", Long.class,
                pass.runId(), pass.pass()));
        return n == null ? 0 : n;
    }

    /** Up to {@code limit} keys of the run the pass's manifest does not have. */
    public List<String> missingKeys(RunPass pass, int limit) {
        return retry.call(() ->
                jdbc.queryForList("SELECT ROW_KEY FROM A2E_ROW WHERE RUN_ID = ? AND SEEN_PASS <> ?" + ORDER_BY_LINE
                + " LIMIT ?", String.class, pass.runId(), pass.pass(), limit));
    }

    /** Up to {@code limit} rows of the run after {@code afterKey}, in key order (the dry-run plan). */
    public List<LedgerRow> rowsByKey(long runId, String afterKey, int limit) {
        return retry.call(() -> jdbc.query("SELECT " + COLUMNS + FROM_ROWS + " WHERE R.RUN_ID = ? AND R.ROW_KEY > ?"
                + " ORDER BY R.RUN_ID, R.ROW_KEY LIMIT ?", ROW, runId, afterKey, limit));
    }

    // ---- execute (each statement commits on its own) ----

    /** Up to {@code limit} pending rows after {@code afterLine}, in manifest order. */
    public List<LedgerRow> pending(RunPass pass, long afterLine, int limit) {
        return retry.call(() -> jdbc.query("SELECT " + COLUMNS + FROM_ROWS
                + " WHERE R.RUN_ID = ? AND STATE = ? AND LINE > ?" + sliceFilter + ORDER_BY_STATE_LINE + " LIMIT ?",
                ROW, pass.runId(), RowState.PENDING.name(), afterLine, limit));
    }

    /** Up to {@code limit} pending rows of the given families after {@code afterLine}, in manifest order. */
    public List<LedgerRow> pending(RunPass pass, long afterLine, int limit, List<String> families) {
        List<Object> args = new ArrayList<>(List.of(pass.runId(), RowState.PENDING.name(), afterLine));
        args.addAll(families);
        args.add(limit);
        return retry.call(() -> jdbc.query("SELECT " + COLUMNS + FROM_ROWS + " WHERE R.RUN_ID = ? AND STATE = ?"
                + " AND LINE > ? AND FAMILY IN (" + placeholders(families.size()) + ")" + sliceFilter + ORDER_BY_STATE_LINE + " LIMIT ?", ROW,
                args.toArray()));
    }

    /** Every row in {@code state}, in manifest order (used for the rows in flight or in doubt on resume). */
    public List<LedgerRow> inState(RunPass pass, RowState state) {
        return retry.call(() -> jdbc.query("SELECT " + COLUMNS + FROM_ROWS + " WHERE R.RUN_ID = ? AND STATE = ?"
                + sliceFilter + ORDER_BY_STATE_LINE, ROW, pass.runId(), state.name()));
    }

    /** One row, or null. */
    public LedgerRow row(RunPass pass, String key) {
        return retry.call(() -> rowNow(pass.runId(), key));
    }

    private LedgerRow rowNow(long runId, String key) {
        List<LedgerRow> rows = jdbc.query("SELECT " + COLUMNS + FROM_ROWS + " WHERE R.RUN_ID = ? AND R.ROW_KEY = ?",
                ROW, runId, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * A start request about to be sent.
     *
     * @param key      row key
     * @param taskName the name sent with it (run tag, row key, attempt)
     */
    public record Submitting(String key, String taskName) {
    }

    /**
     * A task id to record.
     *
     * @param key    row key
     * @param taskId the task A2E gave (or a look-up found)
     * @param at     when the answer arrived
     */
    public record Submitted(String key, String taskId, Instant at) {
    }

    /**
     * An existing task the reconcile found at A2E for a pending row.
     *
     * @param key         row key
     * @param taskName    the task's name
     * @param taskId      its id
     * @param taskAttempt the attempt its name carries (1 for a task without a name)
     */
    public record Adoption(String key, String taskName, String taskId, int taskAttempt) {
    }

    /**
     * A row's final state.
     *
     * @param key       row key
     * @param state     {@code COMPLETED}, {@code FAILED} or {@code TIMED_OUT}
     * @param resultUrl result of a completed task, or null
     * @param error     reason of a failure or time-out, or null
     * @param coins     credits the row cost, or null
     * @param at        when it was learnt
     */
    public record Finished(String key, RowState state, String resultUrl, String error, Long coins, Instant at) {
        public Finished {
            if (!state.isFinal()) {
                throw new IllegalArgumentException(state + " is not a final state");
            }
        }
    }

    /**
     * Records that a start request is about to be sent. Must be committed before the request leaves.
     * Only a pending row can be marked: a row already in doubt is looked up and put back to pending
     * first, so no second process and no second worker can ever send a row's start twice.
     *
     * @throws LeaseLostException    if this process no longer owns the run
     * @throws IllegalStateException if the row is not pending (a bug: two submitters for one row)
     */
    public void markSubmitting(RunPass pass, String key, String taskName, Instant at) {
        markSubmitting(pass, List.of(new Submitting(key, taskName)), at);
    }

    /**
     * Records that the start requests of {@code rows} are about to be sent, all in one transaction:
     * committed before the first of them leaves. A crash before all are sent leaves the others in
     * doubt, and the look-up by name settles them. Only pending rows can be marked.
     *
     * @throws LeaseLostException    if this process no longer owns the run (nothing is recorded)
     * @throws IllegalStateException if one of the rows is not pending (nothing is recorded)
     */
    public void markSubmitting(RunPass pass, List<Submitting> rows, Instant at) {
        retry.call(again -> {
            // The rows were pending when this worker got them and no other worker or process
            // writes them meanwhile, so a row in doubt under this task name after a broken
            // attempt is that attempt's committed write: counted once, and its one start
            // request is the one about to be sent.
            markSubmittingOnce(pass, rows, at, r -> again && isSubmittingAs(pass, r));
            return null;
        });
    }

    private boolean isSubmittingAs(RunPass pass, Submitting r) {
        return alreadyIs(pass, r.key(), row -> row.state() == RowState.SUBMITTING && r.taskName().equals(row.taskName()));
    }

    /** One attempt of {@link #markSubmitting(RunPass, List, Instant)}; {@code alreadyDone} accepts a row found written. */
    private void markSubmittingOnce(RunPass pass, List<Submitting> rows, Instant at, Predicate<Submitting> alreadyDone) {
        LeaseToken lease = pass.lease();
        updateEach(pass, "UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, SUBMITTING_AT = ?, ATTEMPTS = ATTEMPTS + 1"
                + " WHERE RUN_ID = ? AND ROW_KEY = ? AND STATE = ?" + FENCE, rows, (ps, r) -> {
                    ps.setString(1, RowState.SUBMITTING.name());
                    ps.setString(2, r.taskName());
                    ps.setObject(3, ts(at));
                    ps.setLong(4, pass.runId());
                    ps.setString(5, r.key());
                    ps.setString(6, RowState.PENDING.name());
                    setFence(ps, 7, lease);
                }, Submitting::key, alreadyDone, "mark as submitting");
    }

    /**
     * {@link #markSubmitting(RunPass, List, Instant)} under an in-flight cap shared by every process of
     * the run (a fleet's workers): in one transaction, takes the lock of the run's row in {@code A2E_RUN}
     * (so that the fleet's group writes are serialised), counts the run's rows of {@code families} that
     * are in flight ({@code SUBMITTING} or {@code SUBMITTED}, every partition's, this ledger's slice
     * regardless) and records as many of {@code rows}, from the first, as {@code cap} leaves room for.
     * In flight is read from the rows themselves, so a worker that died leaves no place taken: its rows
     * are counted exactly while their tasks may be running at the provider, until the worker that takes
     * its partition over settles them. Costs two statements (the lock, an index range count of at most
     * the fleet's in-flight rows) more than the uncapped write, in the same transaction.
     *
     * @return how many of {@code rows} were recorded (0 when the fleet is full)
     * @throws LeaseLostException if this process no longer owns the run or partition (nothing is recorded)
     */
    public int markSubmittingWithin(RunPass pass, List<String> families, int cap, List<Submitting> rows, Instant at) {
        if (rows.isEmpty()) {
            return 0;
        }
        return retry.call(again -> {
            if (again) {
                // The transaction is all or nothing: rows of a group under these task names already in
                // doubt are the broken attempt's committed write.
                int recorded = 0;
                while (recorded < rows.size() && isSubmittingAs(pass, rows.get(recorded))) {
                    recorded++;
                }
                if (recorded > 0) {
                    return recorded;
                }
            }
            Integer admitted = transactions.execute(status -> {
                jdbc.queryForList("SELECT RUN_NAME FROM A2E_RUN WHERE RUN_NAME = ? FOR UPDATE", String.class,
                        pass.runName());
                List<Object> args = new ArrayList<>(List.of(pass.runId(), RowState.SUBMITTING.name(),
                        RowState.SUBMITTED.name()));
                args.addAll(families);
                Long inFlight = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND STATE IN (?, ?)"
                        + " AND FAMILY IN (" + placeholders(families.size()) + ")", Long.class, args.toArray());
                int room = (int) Math.max(0, Math.min(rows.size(), cap - (inFlight == null ? 0 : inFlight)));
                if (room > 0) {
                    markSubmittingOnce(pass, rows.subList(0, room), at, r -> false);
                }
                return room;
            });
            return admitted == null ? 0 : admitted;
        });
    }

    /** Records the task id A2E gave (or that a look-up found) for a row in doubt. */
    public void markSubmitted(RunPass pass, String key, String taskId, Instant at) {
        markSubmitted(pass, List.of(new Submitted(key, taskId, at)));
    }

    /**
     * Records the task ids of rows in doubt ({@code SUBMITTING}), all in one transaction. A row that
     * already holds the same task id counts as recorded, so a call repeated after its commit's answer
     * was lost succeeds.
     *
     * @throws LeaseLostException    if this process no longer owns the run (nothing is recorded)
     * @throws IllegalStateException if one of the rows is not in doubt (nothing is recorded)
     */
    public void markSubmitted(RunPass pass, List<Submitted> rows) {
        LeaseToken lease = pass.lease();
        retry.call(again -> {
            updateEach(pass, "UPDATE A2E_ROW SET STATE = ?, TASK_ID = ?, SUBMITTED_AT = ? WHERE RUN_ID = ?"
                    + " AND ROW_KEY = ? AND STATE = ?" + FENCE, rows, (ps, r) -> {
                        ps.setString(1, RowState.SUBMITTED.name());
                        ps.setString(2, r.taskId());
                        ps.setObject(3, ts(r.at()));
                        ps.setLong(4, pass.runId());
                        ps.setString(5, r.key());
                        ps.setString(6, RowState.SUBMITTING.name());
                        setFence(ps, 7, lease);
                    }, Submitted::key, r -> hasTask(pass, r.key(), r.taskId()), "record its task id");
            return null;
        });
    }

    /**
     * Adopts the tasks the reconcile found at A2E for pending rows, all in one transaction: each such row is
     * in flight with its task from now on. One commit per group, not per row: a fresh state directory for a
     * manifest already sent adopts every row. A crash before the commit loses only the group, which the next
     * run looks up again: the run stays marked for a reconcile until {@link #reconcileDone}.
     *
     * @return how many of {@code adoptions} found their row pending (and adopted it); a row in another state
     *         keeps it
     * @throws LeaseLostException if this process no longer owns the run (nothing is recorded)
     */
    public int adopt(RunPass pass, List<Adoption> adoptions, Instant at) {
        // The pass's plan now follows the row instead of sending it.
        String sql = "UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, TASK_ID = ?, TASK_ATTEMPT = ?, SUBMITTED_AT = ?,"
                + " PLAN = ? WHERE RUN_ID = ? AND ROW_KEY = ? AND STATE = ?" + FENCE;
        ParameterizedPreparedStatementSetter<Adoption> setter = (ps, a) -> {
            ps.setString(1, RowState.SUBMITTED.name());
            ps.setString(2, a.taskName());
            ps.setString(3, a.taskId());
            ps.setInt(4, a.taskAttempt());
            ps.setObject(5, ts(at));
            ps.setString(6, Plan.FOLLOW.name());
            ps.setLong(7, pass.runId());
            ps.setString(8, a.key());
            ps.setString(9, RowState.PENDING.name());
            setFence(ps, 10, pass.lease());
        };
        return retry.call(again -> {
            int[] adopted = {0};
            forEachUpdate(sql, adoptions, setter, (a, updated) -> adopted[0] += adopted(pass, a, updated, again));
            return adopted[0];
        });
    }

    /** 1 if {@code adoption}'s update adopted its row, or a broken attempt's committed update did; else 0. */
    private int adopted(RunPass pass, Adoption adoption, int updated, boolean again) {
        if (updated == 1) {
            return 1;
        }
        if (!holdsNow(pass.lease())) {
            throw lost(pass.lease());
        }
        return again && alreadyIs(pass, adoption.key(), r -> r.state() == RowState.SUBMITTED
                && adoption.taskId().equals(r.taskId()) && r.plan() == Plan.FOLLOW) ? 1 : 0;
    }

    /** Puts a row in doubt back to pending: it is known that no task exists for it. */
    public void markPending(RunPass pass, String key) {
        LeaseToken lease = pass.lease();
        retry.run(() -> {
            int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ? WHERE RUN_ID = ? AND ROW_KEY = ? AND STATE = ?"
                            + FENCE, RowState.PENDING.name(), pass.runId(), key, RowState.SUBMITTING.name(),
                    lease.runName(), lease.ownerId(), lease.epoch());
            if (updated == 0 && !holdsNow(lease)) {
                throw lost(lease);
            }
        });
    }

    /** Records a row's final state. */
    public void markFinished(RunPass pass, String key, RowState state, String resultUrl, String error, Long coins,
                             Instant at) {
        markFinished(pass, List.of(new Finished(key, state, resultUrl, error, coins, at)));
    }

    /**
     * Records the final states of {@code rows}, all in one transaction.
     *
     * @throws LeaseLostException    if this process no longer owns the run (nothing is recorded)
     * @throws IllegalStateException if one of the rows does not exist (nothing is recorded)
     */
    public void markFinished(RunPass pass, List<Finished> rows) {
        LeaseToken lease = pass.lease();
        // Writes the same values whatever the rows held: running it again is harmless.
        retry.run(() -> updateEach(pass, "UPDATE A2E_ROW SET STATE = ?, RESULT_URL = ?, ERROR = ?, COINS = ?,"
                + " FINISHED_AT = ? WHERE RUN_ID = ? AND ROW_KEY = ?" + FENCE, rows, (ps, r) -> {
                    ps.setString(1, r.state().name());
                    ps.setString(2, r.resultUrl());
                    ps.setString(3, r.error());
                    ps.setObject(4, r.coins());
                    ps.setObject(5, ts(r.at()));
                    ps.setLong(6, pass.runId());
                    ps.setString(7, r.key());
                    setFence(ps, 8, lease);
                }, Finished::key, r -> false, "record its end"));
    }

    /**
     * Runs {@code sql}, a fenced update of one row, once per item: one statement on its own, several
     * as one batch in one transaction. An item that updated no row means that the lease was lost or
     * that its row is not in the state the update expects; either way the whole group is rolled back
     * and the exception says which.
     */
    private <T> void updateEach(RunPass pass, String sql, List<T> items,
                                ParameterizedPreparedStatementSetter<T> setter, Function<T, String> key,
                                Predicate<T> alreadyDone, String what) {
        forEachUpdate(sql, items, setter, (item, updated) -> expectOneOrDone(updated, pass, item, key, alreadyDone,
                what));
    }

    /**
     * Runs {@code sql} once per item, one statement on its own or several as one batch in one transaction,
     * and hands each item's update count to {@code counted}, inside that transaction: what it throws rolls
     * the whole group back.
     */
    private <T> void forEachUpdate(String sql, List<T> items, ParameterizedPreparedStatementSetter<T> setter,
                                   ObjIntConsumer<T> counted) {
        if (items.size() == 1) {
            T item = items.get(0);
            counted.accept(item, jdbc.update(sql, ps -> setter.setValues(ps, item)));
        } else if (!items.isEmpty()) {
            transactions.executeWithoutResult(status -> {
                int[][] counts = jdbc.batchUpdate(sql, items, items.size(), setter);
                int i = 0;
                for (int[] part : counts) {
                    for (int updated : part) {
                        counted.accept(items.get(i++), updated);
                    }
                }
            });
        }
    }

    /** {@link #expectOne}, except that an item {@code alreadyDone} says was written before counts as written. */
    private <T> void expectOneOrDone(int updated, RunPass pass, T item, Function<T, String> key,
                                     Predicate<T> alreadyDone, String what) {
        if (updated == 0 && holdsNow(pass.lease()) && alreadyDone.test(item)) {
            return;
        }
        expectOne(updated, pass, key.apply(item), what);
    }

    private boolean hasTask(RunPass pass, String key, String taskId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND ROW_KEY = ? AND STATE = ?"
                + " AND TASK_ID = ?", Integer.class, pass.runId(), key, RowState.SUBMITTED.name(), taskId);
        return n != null && n > 0;
    }

    private static void setFence(PreparedStatement ps, int from, LeaseToken lease) throws SQLException {
        ps.setString(from, lease.runName());
        ps.setString(from + 1, lease.ownerId());
        ps.setLong(from + 2, lease.epoch());
    }

    /**
     * How many rows of {@code family} in the run were recorded as submitting at or after {@code since}: about
     * the tasks the run's starts created since, each row having one at most. A look-up of a row in doubt reads
     * this many tasks more of the list ({@code InDoubtResolver}). Reads every row of the run; it runs only for
     * a look-up that the configured pages did not settle.
     */
    public long startedSince(RunPass pass, String family, Instant since) {
        Long n = retry.call(() -> jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND FAMILY = ?"
                + " AND SUBMITTING_AT >= ?", Long.class, pass.runId(), family, ts(since)));
        return n == null ? 0 : n;
    }

    /**
     * Whether another row of the run already holds {@code taskId}, or an earlier attempt of a row
     * held it (look-ups must not adopt it twice, nor adopt a replaced attempt's task).
     */
    public boolean isTaskIdTaken(RunPass pass, String taskId) {
        Integer n = retry.call(() ->
                jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND TASK_ID = ?)"
                        + " + (SELECT COUNT(*) FROM A2E_SUPERSEDED WHERE RUN_ID = ? AND TASK_ID = ?)",
                Integer.class, pass.runId(), taskId, pass.runId(), taskId));
        return n != null && n > 0;
    }

    /**
     * The run's rows in flight now (submitting or submitted), every partition's: an index range of
     * {@code (RUN_ID, STATE)}, cheap enough for a fleet's manager to sample every poll.
     */
    public long inFlight(long runId) {
        Long n = retry.call(() -> jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ?" + sliceFilter
                + " AND STATE IN (?, ?)", Long.class, runId, RowState.SUBMITTING.name(), RowState.SUBMITTED.name()));
        return n == null ? 0 : n;
    }

    /** Rows of the run per state. */
    public Map<RowState, Long> counts(long runId) {
        return retry.call(() ->
                countsBy(RowState.class, "SELECT STATE, COUNT(*) FROM A2E_ROW WHERE RUN_ID = ?" + sliceFilter
                + " GROUP BY STATE", runId));
    }

    /** Every constant of {@code type} with the count {@code sql} gives it (name, count), 0 for the others. */
    private <E extends Enum<E>> Map<E, Long> countsBy(Class<E> type, String sql, Object... args) {
        Map<E, Long> counts = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            counts.put(e, 0L);
        }
        jdbc.query(sql, rs -> {
            counts.put(Enum.valueOf(type, rs.getString(1)), rs.getLong(2));
        }, args);
        return counts;
    }

    /** Families of the run's pending rows. */
    public List<String> pendingFamilies(long runId) {
        return retry.call(() ->
                jdbc.queryForList("SELECT DISTINCT FAMILY FROM A2E_ROW WHERE RUN_ID = ? AND STATE = ?" + sliceFilter
                + " ORDER BY FAMILY",
                String.class, runId, RowState.PENDING.name()));
    }

    /** Rejected rows of the pass. */
    public long rejectCount(RunPass pass) {
        Long n = retry.call(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM A2E_REJECT WHERE RUN_ID = ? AND PASS = ?", Long.class,
                pass.runId(), pass.pass()));
        return n == null ? 0 : n;
    }

    /** Credits reported for the run's tasks. */
    public long coins(long runId) {
        Long n = retry.call(() ->
                jdbc.queryForObject("SELECT COALESCE(SUM(COINS), 0) FROM A2E_ROW WHERE RUN_ID = ?", Long.class,
                runId));
        return n == null ? 0 : n;
    }

    /**
     * Up to {@code limit} rows of the pass's manifest after {@code afterLine}, whatever their state, in
     * manifest order, for the results file: without their request ({@link LedgerRow#request()} is
     * null), which the file does not show and which would double what each page reads. (Filtering on
     * the state here would cost the index its order on H2.)
     */
    public List<LedgerRow> rowsAfter(RunPass pass, long afterLine, int limit) {
        return retry.call(() -> jdbc.query("SELECT " + COLUMNS_WITHOUT_REQUEST + " FROM A2E_ROW R"
                + " WHERE R.RUN_ID = ? AND LINE > ? AND SEEN_PASS = ?" + ROWS_ORDER_BY_LINE + " LIMIT ?",
                ROW, pass.runId(), afterLine, pass.pass(), limit));
    }

    /**
     * Whether a row of the pass's manifest is in a final state, whatever the slice: when none is, the
     * results file has no row of the ledger to show (the first start of a run), and is written from
     * the rejects alone. One index look-up per final state.
     */
    public boolean anyFinished(RunPass pass) {
        return retry.call(() -> {
            for (RowState state : RowState.values()) {
                if (state.isFinal() && !jdbc.queryForList("SELECT 1 FROM A2E_ROW WHERE RUN_ID = ? AND STATE = ?"
                        + " AND SEEN_PASS = ? LIMIT 1", Integer.class, pass.runId(), state.name(), pass.pass())
                        .isEmpty()) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Up to {@code limit} rejected rows of the pass after {@code afterLine}, in manifest order. */
    public List<RejectedRow> rejectsAfter(RunPass pass, long afterLine, int limit) {
        return retry.call(() ->
                jdbc.query("SELECT LINE, ROW_KEY, PROBLEMS, RECORD FROM A2E_REJECT WHERE RUN_ID = ? AND PASS = ?"
                + " AND LINE > ?" + ORDER_BY_PASS_LINE + " LIMIT ?", REJECT, pass.runId(), pass.pass(), afterLine,
                limit));
    }

    /** Whether {@code lease} still holds now. */
    public boolean holds(LeaseToken lease) {
        return retry.call(() -> holdsNow(lease));
    }

    /** {@link #holds} as one attempt, for use inside an operation that is retried as a whole. */
    private boolean holdsNow(LeaseToken lease) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_LEASE L WHERE L.RUN_NAME = ? AND L.OWNER_ID = ?"
                + " AND L.EPOCH = ? AND L.EXPIRES_AT > CURRENT_TIMESTAMP", Integer.class,
                lease.runName(), lease.ownerId(), lease.epoch());
        return n != null && n > 0;
    }

    /**
     * After an attempt that may have committed before its connection broke: whether the row already
     * is as the write would leave it (and the lease still holds, else {@link LeaseLostException}).
     */
    private boolean alreadyIs(RunPass pass, String key, java.util.function.Predicate<LedgerRow> written) {
        if (!holdsNow(pass.lease())) {
            throw lost(pass.lease());
        }
        // The row is the run's (pass.runId()); a fleet partition's lease names a lease row of its own.
        LedgerRow row = rowNow(pass.runId(), key);
        return row != null && written.test(row);
    }

    /**
     * Throws unless exactly one row of the pass's run was updated under the pass's lease (a
     * partition's, in a fleet): {@link LeaseLostException} if the lease is gone.
     */
    void expectOne(int updated, RunPass pass, String key, String what) {
        if (updated == 1) {
            return;
        }
        if (!holdsNow(pass.lease())) {
            throw lost(pass.lease());
        }
        List<String> state = jdbc.queryForList("SELECT STATE FROM A2E_ROW WHERE RUN_ID = ? AND ROW_KEY = ?",
                String.class, pass.runId(), key);
        throw new IllegalStateException("Ledger: could not " + what + " for row '" + key + "': it is not in the"
                + " expected state (" + (state.isEmpty() ? "no such row" : "it is " + state.get(0)) + ")");
    }

    /** Throws unless the run's row was updated: {@link LeaseLostException} if the lease is gone. */
    private void expectRun(int updated, LeaseToken lease, String what) {
        if (updated == 1) {
            return;
        }
        if (!holdsNow(lease)) {
            throw lost(lease);
        }
        throw new IllegalStateException("Ledger: could not " + what + ": the job repository has no run '"
                + lease.runName() + "'");
    }

    static LeaseLostException lost(LeaseToken lease) {
        return new LeaseLostException("this process no longer owns the run '" + lease.runName() + "' (its lease"
                + " expired or another process took the run over); nothing more is recorded or sent from here");
    }

    private static OffsetDateTime ts(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<LedgerRow> ROW = (rs, n) -> {
        long coinsValue = rs.getLong("COINS");
        Long coins = rs.wasNull() ? null : coinsValue;
        return new LedgerRow(rs.getString("ROW_KEY"), rs.getLong("LINE"), rs.getString("FAMILY"),
                rs.getString("REQUEST"), rs.getString("FINGERPRINT"), RowState.valueOf(rs.getString("STATE")),
                rs.getString("TASK_NAME"), rs.getString("TASK_ID"), rs.getInt("TASK_ATTEMPT"),
                rs.getString("RESULT_URL"), rs.getString("ERROR"), coins, rs.getInt("ATTEMPTS"),
                instant(rs, "SUBMITTING_AT"), instant(rs, "SUBMITTED_AT"), instant(rs, "FINISHED_AT"),
                rs.getLong("SEEN_PASS"), Plan.valueOf(rs.getString("PLAN")), rs.getString("CHANGED_FIELDS"), download(rs));
    };

    /** Only a DOWNLOADED row shows its file: a DOWNLOADING one's name is that of a part file. */
    private static LedgerRow.Download download(ResultSet rs) throws SQLException {
        long bytesValue = rs.getLong("FILE_BYTES");
        Long bytes = rs.wasNull() ? null : bytesValue;
        boolean done = DownloadState.DOWNLOADED.name().equals(rs.getString("DOWNLOAD_STATE"));
        String error = rs.getString("DOWNLOAD_ERROR");
        if (!done && error == null) {
            return LedgerRow.Download.NONE;
        }
        return done ? new LedgerRow.Download(rs.getString("FILE_NAME"), bytes, rs.getString("FILE_SHA256"), null)
                : new LedgerRow.Download(null, null, null, error);
    }

    private static final RowMapper<RejectedRow> REJECT = (rs, n) -> new RejectedRow(rs.getLong(1), rs.getString(2),
            strings(SpecJson.MAPPER.readTree(rs.getString(3))), strings(SpecJson.MAPPER.readTree(rs.getString(4))));

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
