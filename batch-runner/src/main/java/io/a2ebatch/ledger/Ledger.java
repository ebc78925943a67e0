package io.a2ebatch.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.spec.SpecJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.JsonNode;

/**
 * The per-row record of a run, keyed by run name and row key, in the job repository's database.
 * Called from the ingest step's chunk transaction it takes part in that transaction (so a replayed
 * chunk is a no-op); called from the engine's own threads every statement commits on its own, so a
 * row's state is on disk before the next request is sent.
 * <p>
 * Every write is fenced by the owner's lease: it names the {@link LeaseToken} and changes nothing
 * unless the lease row still carries that owner and epoch and has not expired by the database's clock.
 * A refused write throws {@link LeaseLostException}, so a process that lost its run records nothing
 * more and sends nothing more.
 */
public final class Ledger {

    private static final String COLUMNS = "ROW_KEY, LINE, FAMILY, REQUEST, FINGERPRINT, STATE, TASK_NAME, TASK_ID,"
            + " TASK_ATTEMPT, RESULT_URL, ERROR, COINS, ATTEMPTS, SUBMITTING_AT, SUBMITTED_AT, FINISHED_AT,"
            + " SEEN_PASS, PLAN, CHANGED_FIELDS, DOWNLOAD_STATE, FILE_NAME, FILE_BYTES, FILE_SHA256,"
            + " DOWNLOAD_ERROR";

    /** Appended to a write's WHERE clause; takes run name, owner id and epoch (also {@link DownloadLedger}'s). */
    static final String FENCE = " AND EXISTS (SELECT 1 FROM A2E_LEASE L WHERE L.RUN_NAME = ?"
            + " AND L.OWNER_ID = ? AND L.EPOCH = ? AND L.EXPIRES_AT > CURRENT_TIMESTAMP)";

    /*
     * Keyset pages are ordered by the leading columns of their index as well, although those are
     * fixed by the WHERE clause: H2 walks the index in order (instead of reading every match and
     * sorting it) only when ORDER BY names the index's columns from the first.
     */
    private static final String ORDER_BY_STATE_LINE = " ORDER BY RUN_NAME, STATE, LINE";
    private static final String ORDER_BY_LINE = " ORDER BY RUN_NAME, LINE";
    private static final String ORDER_BY_PASS_LINE = " ORDER BY RUN_NAME, PASS, LINE";

    private final JdbcTemplate jdbc;
    /** Appended to the execute step's row selections: "" for the whole run, else a fleet partition's rows. */
    private final String sliceFilter;

    public Ledger(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    private Ledger(JdbcTemplate jdbc, String sliceFilter) {
        this.jdbc = jdbc;
        this.sliceFilter = sliceFilter;
    }

    /**
     * This ledger restricted to {@code slice}: the rows a fleet's partition sends, settles, follows and
     * counts are its own ({@link #pending}, {@link #inState}, {@link #counts}); writes are unchanged
     * (each names its row and is fenced by the partition's lease).
     */
    public Ledger slice(KeySlice slice) {
        return new Ledger(jdbc, " AND MOD(LINE, " + slice.count() + ") = " + slice.index());
    }

    // ---- the run ----

    /**
     * The run's record.
     *
     * @param name             run name
     * @param tag              run tag
     * @param manifest         manifest path of its first pass
     * @param pass             the pass it is at (0 before the first)
     * @param reconcilePending whether the fresh-state reconcile with A2E is still to do
     */
    public record RunRecord(String name, String tag, String manifest, long pass, boolean reconcilePending) {
    }

    /** The run named {@code name}, if the job repository knows it. */
    public Optional<RunRecord> run(String name) {
        return jdbc.query("SELECT RUN_NAME, RUN_TAG, MANIFEST, PASS, RECONCILE_PENDING FROM A2E_RUN WHERE RUN_NAME = ?",
                (rs, n) -> new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getBoolean(5)), name).stream().findFirst();
    }

    /** Records a run the job repository did not know (its owner holds the lease). */
    public void createRun(LeaseToken lease, String tag, String manifest, boolean reconcilePending, Instant at) {
        fence(lease);
        jdbc.update("INSERT INTO A2E_RUN (RUN_NAME, RUN_TAG, MANIFEST, CREATED_AT, PASS, RECONCILE_PENDING)"
                + " VALUES (?, ?, ?, ?, 0, ?)", lease.runName(), tag, manifest, ts(at), reconcilePending);
    }

    /** Moves the run to pass {@code pass}. */
    public void startPass(LeaseToken lease, long pass) {
        expectOne(jdbc.update("UPDATE A2E_RUN SET PASS = ? WHERE RUN_NAME = ?" + FENCE,
                pass, lease.runName(), lease.runName(), lease.ownerId(), lease.epoch()), lease, "run", "start pass " + pass);
    }

    /** The fresh-state reconcile is done (or was skipped): later passes never repeat it. */
    public void reconcileDone(LeaseToken lease) {
        expectOne(jdbc.update("UPDATE A2E_RUN SET RECONCILE_PENDING = FALSE WHERE RUN_NAME = ?" + FENCE,
                lease.runName(), lease.runName(), lease.ownerId(), lease.epoch()), lease, "run", "end the reconcile");
    }

    /**
     * Checks, inside the caller's transaction, that {@code lease} still holds, and locks the lease row
     * until that transaction ends: a takeover waits for it, so the transaction's writes are fenced.
     */
    public void fence(LeaseToken lease) {
        int held = jdbc.update("UPDATE A2E_LEASE SET EPOCH = EPOCH WHERE RUN_NAME = ? AND OWNER_ID = ? AND EPOCH = ?"
                + " AND EXPIRES_AT > CURRENT_TIMESTAMP", lease.runName(), lease.ownerId(), lease.epoch());
        if (held != 1) {
            throw lost(lease);
        }
    }

    // ---- ingest (inside the chunk transaction) ----

    /** The ledger's rows of {@code keys}, by key (at most a thousand keys at a time). */
    public Map<String, LedgerRow> rows(String runName, Collection<String> keys) {
        Map<String, LedgerRow> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>(keys.size() + 1);
        args.add(runName);
        args.addAll(keys);
        jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND ROW_KEY IN (" + placeholders(keys.size())
                + ")", rs -> {
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
        List<Object> args = new ArrayList<>(keys.size() + 2);
        args.add(pass.runName());
        args.add(pass.pass());
        args.addAll(keys);
        jdbc.query("SELECT ROW_KEY, MIN(LINE) FROM A2E_REJECT WHERE RUN_NAME = ? AND PASS = ? AND ROW_KEY IN ("
                + placeholders(keys.size()) + ") GROUP BY ROW_KEY", rs -> {
                    lines.put(rs.getString(1), rs.getLong(2));
                }, args.toArray());
        return lines;
    }

    /**
     * Records the pass's decisions: new rows inserted, known rows updated, the tasks of replaced
     * attempts remembered so that no look-up adopts them again.
     */
    public void record(RunPass pass, List<RowPlanner.Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        fence(pass.lease());
        List<LedgerRow> inserts = new ArrayList<>();
        List<LedgerRow> updates = new ArrayList<>();
        List<RowPlanner.Decision> superseding = new ArrayList<>();
        for (RowPlanner.Decision d : decisions) {
            (d.plan() == Plan.NEW ? inserts : updates).add(d.after());
            if (d.supersededTaskId() != null) {
                superseding.add(d);
            }
        }
        String run = pass.runName();
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO A2E_ROW (LINE, FAMILY, REQUEST, FINGERPRINT, STATE, TASK_NAME, TASK_ID,"
                    + " TASK_ATTEMPT, RESULT_URL, ERROR, COINS, SUBMITTED_AT, FINISHED_AT, SEEN_PASS, PLAN,"
                    + " CHANGED_FIELDS, RUN_NAME, ROW_KEY) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    inserts, inserts.size(), (ps, r) -> setRecorded(ps, r, run));
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE A2E_ROW SET LINE = ?, FAMILY = ?, REQUEST = ?, FINGERPRINT = ?, STATE = ?,"
                    + " TASK_NAME = ?, TASK_ID = ?, TASK_ATTEMPT = ?, RESULT_URL = ?, ERROR = ?, COINS = ?,"
                    + " SUBMITTED_AT = ?, FINISHED_AT = ?, SEEN_PASS = ?, PLAN = ?, CHANGED_FIELDS = ?"
                    + " WHERE RUN_NAME = ? AND ROW_KEY = ?", updates, updates.size(), (ps, r) -> setRecorded(ps, r, run));
        }
        if (!superseding.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO A2E_SUPERSEDED (RUN_NAME, TASK_ID, ROW_KEY) VALUES (?, ?, ?)", superseding,
                    superseding.size(), (ps, d) -> {
                        ps.setString(1, run);
                        ps.setString(2, d.supersededTaskId());
                        ps.setString(3, d.after().key());
                    });
            // A new attempt brings a new result: the file of the replaced one is fetched again.
            jdbc.batchUpdate("UPDATE A2E_ROW SET DOWNLOAD_STATE = NULL, FILE_NAME = NULL, FILE_BYTES = NULL,"
                    + " FILE_SHA256 = NULL, DOWNLOAD_ERROR = NULL WHERE RUN_NAME = ? AND ROW_KEY = ?", superseding,
                    superseding.size(), (ps, d) -> {
                        ps.setString(1, run);
                        ps.setString(2, d.after().key());
                    });
        }
    }

    private static void setRecorded(java.sql.PreparedStatement ps, LedgerRow r, String run) throws SQLException {
        ps.setLong(1, r.line());
        ps.setString(2, r.family());
        ps.setString(3, r.request());
        ps.setString(4, r.fingerprint());
        ps.setString(5, r.state().name());
        ps.setString(6, r.taskName());
        ps.setString(7, r.taskId());
        ps.setInt(8, r.taskAttempt());
        ps.setString(9, r.resultUrl());
        ps.setString(10, r.error());
        ps.setObject(11, r.coins());
        ps.setObject(12, ts(r.submittedAt()));
        ps.setObject(13, ts(r.finishedAt()));
        ps.setLong(14, r.seenPass());
        ps.setString(15, r.plan().name());
        ps.setString(16, r.changedFields());
        ps.setString(17, run);
        ps.setString(18, r.key());
    }

    /** Adds rows that will not be sent. */
    public void insertRejects(RunPass pass, List<RejectedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        fence(pass.lease());
        jdbc.batchUpdate("INSERT INTO A2E_REJECT (RUN_NAME, PASS, LINE, ROW_KEY, PROBLEMS, RECORD)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", rows, rows.size(), (ps, row) -> {
                    ps.setString(1, pass.runName());
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
        return jdbc.update("UPDATE A2E_ROW SET STATE = ? WHERE RUN_NAME = ? AND STATE = ? AND SEEN_PASS <> ?",
                RowState.WITHDRAWN.name(), pass.runName(), RowState.PENDING.name(), pass.pass());
    }

    // ---- the plan of a pass ----

    /** Rows of the pass per plan. */
    public Map<Plan, Long> planCounts(RunPass pass) {
        return countsBy(Plan.class, "SELECT PLAN, COUNT(*) FROM A2E_ROW WHERE RUN_NAME = ? AND SEEN_PASS = ?"
                + " GROUP BY PLAN", pass.runName(), pass.pass());
    }

    /** Up to {@code limit} rows of the pass with {@code plan}, in manifest order. */
    public List<LedgerRow> planned(RunPass pass, Plan plan, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND SEEN_PASS = ? AND PLAN = ?"
                + ORDER_BY_LINE + " LIMIT ?", ROW, pass.runName(), pass.pass(), plan.name(), limit);
    }

    /** Rows of the run whose key the pass's manifest does not have. */
    public long missingCount(RunPass pass) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_NAME = ? AND SEEN_PASS <> ?", Long.class,
                pass.runName(), pass.pass());
        return n == null ? 0 : n;
    }

    /** Up to {@code limit} keys of the run the pass's manifest does not have. */
    public List<String> missingKeys(RunPass pass, int limit) {
        return jdbc.queryForList("SELECT ROW_KEY FROM A2E_ROW WHERE RUN_NAME = ? AND SEEN_PASS <> ?" + ORDER_BY_LINE
                + " LIMIT ?", String.class, pass.runName(), pass.pass(), limit);
    }

    /** Up to {@code limit} rows of the run after {@code afterKey}, in key order (the dry-run plan). */
    public List<LedgerRow> rowsByKey(String runName, String afterKey, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND ROW_KEY > ?"
                + " ORDER BY RUN_NAME, ROW_KEY LIMIT ?", ROW, runName, afterKey, limit);
    }

    // ---- execute (each statement commits on its own) ----

    /** Up to {@code limit} pending rows after {@code afterLine}, in manifest order. */
    public List<LedgerRow> pending(RunPass pass, long afterLine, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND STATE = ? AND LINE > ?"
                + sliceFilter + ORDER_BY_STATE_LINE + " LIMIT ?", ROW, pass.runName(), RowState.PENDING.name(), afterLine, limit);
    }

    /** Every row in {@code state}, in manifest order (used for the rows in flight or in doubt on resume). */
    public List<LedgerRow> inState(RunPass pass, RowState state) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND STATE = ?" + sliceFilter
                        + ORDER_BY_STATE_LINE,
                ROW, pass.runName(), state.name());
    }

    /** One row, or null. */
    public LedgerRow row(RunPass pass, String key) {
        List<LedgerRow> rows = jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND ROW_KEY = ?",
                ROW, pass.runName(), key);
        return rows.isEmpty() ? null : rows.get(0);
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
        LeaseToken lease = pass.lease();
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, SUBMITTING_AT = ?,"
                        + " ATTEMPTS = ATTEMPTS + 1 WHERE RUN_NAME = ? AND ROW_KEY = ? AND STATE = ?" + FENCE,
                RowState.SUBMITTING.name(), taskName, ts(at), pass.runName(), key, RowState.PENDING.name(),
                lease.runName(), lease.ownerId(), lease.epoch());
        expectOne(updated, lease, key, "mark as submitting");
    }

    /** Records the task id A2E gave (or that a look-up found) for a row in doubt. */
    public void markSubmitted(RunPass pass, String key, String taskId, Instant at) {
        LeaseToken lease = pass.lease();
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ?, TASK_ID = ?, SUBMITTED_AT = ? WHERE RUN_NAME = ?"
                        + " AND ROW_KEY = ? AND STATE = ?" + FENCE,
                RowState.SUBMITTED.name(), taskId, ts(at), pass.runName(), key, RowState.SUBMITTING.name(),
                lease.runName(), lease.ownerId(), lease.epoch());
        expectOne(updated, lease, key, "record task id " + taskId);
    }

    /**
     * Adopts a task the reconcile found at A2E for a pending row: the row is in flight with that task.
     *
     * @return whether the row was pending (and is now adopted)
     */
    public boolean adopt(RunPass pass, String key, String taskName, String taskId, int taskAttempt, Instant at) {
        LeaseToken lease = pass.lease();
        // The pass's plan now follows the row instead of sending it.
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, TASK_ID = ?, TASK_ATTEMPT = ?,"
                        + " SUBMITTED_AT = ?, PLAN = ? WHERE RUN_NAME = ? AND ROW_KEY = ? AND STATE = ?" + FENCE,
                RowState.SUBMITTED.name(), taskName, taskId, taskAttempt, ts(at), Plan.FOLLOW.name(), pass.runName(),
                key, RowState.PENDING.name(), lease.runName(), lease.ownerId(), lease.epoch());
        if (updated == 0 && !holds(lease)) {
            throw lost(lease);
        }
        return updated == 1;
    }

    /** Puts a row in doubt back to pending: it is known that no task exists for it. */
    public void markPending(RunPass pass, String key) {
        LeaseToken lease = pass.lease();
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ? WHERE RUN_NAME = ? AND ROW_KEY = ? AND STATE = ?"
                        + FENCE, RowState.PENDING.name(), pass.runName(), key, RowState.SUBMITTING.name(),
                lease.runName(), lease.ownerId(), lease.epoch());
        if (updated == 0 && !holds(lease)) {
            throw lost(lease);
        }
    }

    /** Records a row's final state. */
    public void markFinished(RunPass pass, String key, RowState state, String resultUrl, String error, Long coins,
                             Instant at) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException(state + " is not a final state");
        }
        LeaseToken lease = pass.lease();
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ?, RESULT_URL = ?, ERROR = ?, COINS = ?, FINISHED_AT = ?"
                        + " WHERE RUN_NAME = ? AND ROW_KEY = ?" + FENCE,
                state.name(), resultUrl, error, coins, ts(at), pass.runName(), key,
                lease.runName(), lease.ownerId(), lease.epoch());
        expectOne(updated, lease, key, "record its end (" + state.label() + ")");
    }

    /**
     * Whether another row of the run already holds {@code taskId}, or an earlier attempt of a row
     * held it (look-ups must not adopt it twice, nor adopt a replaced attempt's task).
     */
    public boolean isTaskIdTaken(RunPass pass, String taskId) {
        Integer n = jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM A2E_ROW WHERE RUN_NAME = ? AND TASK_ID = ?)"
                        + " + (SELECT COUNT(*) FROM A2E_SUPERSEDED WHERE RUN_NAME = ? AND TASK_ID = ?)",
                Integer.class, pass.runName(), taskId, pass.runName(), taskId);
        return n != null && n > 0;
    }

    /** Rows of the run per state. */
    public Map<RowState, Long> counts(String runName) {
        return countsBy(RowState.class, "SELECT STATE, COUNT(*) FROM A2E_ROW WHERE RUN_NAME = ?" + sliceFilter
                + " GROUP BY STATE", runName);
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
    public List<String> pendingFamilies(String runName) {
        return jdbc.queryForList("SELECT DISTINCT FAMILY FROM A2E_ROW WHERE RUN_NAME = ? AND STATE = ? ORDER BY FAMILY",
                String.class, runName, RowState.PENDING.name());
    }

    /** Rejected rows of the pass. */
    public long rejectCount(RunPass pass) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_REJECT WHERE RUN_NAME = ? AND PASS = ?", Long.class,
                pass.runName(), pass.pass());
        return n == null ? 0 : n;
    }

    /** Credits reported for the run's tasks. */
    public long coins(String runName) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(COINS), 0) FROM A2E_ROW WHERE RUN_NAME = ?", Long.class,
                runName);
        return n == null ? 0 : n;
    }

    /**
     * Up to {@code limit} rows of the pass's manifest after {@code afterLine}, whatever their state, in
     * manifest order. (Filtering on the state here would cost the index its order on H2.)
     */
    public List<LedgerRow> rowsAfter(RunPass pass, long afterLine, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_NAME = ? AND LINE > ? AND SEEN_PASS = ?"
                + ORDER_BY_LINE + " LIMIT ?", ROW, pass.runName(), afterLine, pass.pass(), limit);
    }

    /** Up to {@code limit} rejected rows of the pass after {@code afterLine}, in manifest order. */
    public List<RejectedRow> rejectsAfter(RunPass pass, long afterLine, int limit) {
        return jdbc.query("SELECT LINE, ROW_KEY, PROBLEMS, RECORD FROM A2E_REJECT WHERE RUN_NAME = ? AND PASS = ?"
                + " AND LINE > ?" + ORDER_BY_PASS_LINE + " LIMIT ?", REJECT, pass.runName(), pass.pass(), afterLine,
                limit);
    }

    /** Whether {@code lease} still holds now. */
    public boolean holds(LeaseToken lease) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_LEASE L WHERE L.RUN_NAME = ? AND L.OWNER_ID = ?"
                + " AND L.EPOCH = ? AND L.EXPIRES_AT > CURRENT_TIMESTAMP", Integer.class,
                lease.runName(), lease.ownerId(), lease.epoch());
        return n != null && n > 0;
    }

    void expectOne(int updated, LeaseToken lease, String key, String what) {
        if (updated == 1) {
            return;
        }
        if (!holds(lease)) {
            throw lost(lease);
        }
        throw new IllegalStateException("Ledger: could not " + what + " for row '" + key
                + "': it is not in the expected state");
    }

    static LeaseLostException lost(LeaseToken lease) {
        return new LeaseLostException("this process no longer owns the run '" + lease.runName() + "' (its lease"
                + " expired or another process took the run over); nothing more is recorded or sent from here");
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
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
