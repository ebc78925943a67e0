package io.a2ebatch.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.spec.SpecJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.JsonNode;

/**
 * The per-row record of a run, in the job repository's database. Called from the ingest step's
 * chunk transaction it takes part in that transaction (so a replayed chunk is a no-op); called from
 * the engine's own threads every statement commits on its own, so a row's state is on disk before
 * the next request is sent.
 */
public final class Ledger {

    private static final String COLUMNS = "ROW_KEY, LINE, FAMILY, REQUEST, STATE, TASK_NAME, TASK_ID, RESULT_URL,"
            + " ERROR, COINS, ATTEMPTS, SUBMITTING_AT, SUBMITTED_AT, FINISHED_AT, DOWNLOAD_STATE, FILE_NAME, FILE_BYTES,"
            + " FILE_SHA256, DOWNLOAD_ERROR";

    /*
     * Keyset pages are ordered by the leading columns of their index as well, although those are
     * fixed by the WHERE clause: H2 walks the index in order (instead of reading every match and
     * sorting it) only when ORDER BY names the index's columns from the first.
     */
    private static final String ORDER_BY_STATE_LINE = " ORDER BY RUN_ID, STATE, LINE";
    private static final String ORDER_BY_LINE = " ORDER BY RUN_ID, LINE";

    private final JdbcTemplate jdbc;

    public Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- ingest (inside the chunk transaction) ----

    /**
     * Adds valid rows in state {@link RowState#PENDING}, each only if no row of the run, and no
     * reject on an earlier line, already has its key; the database's indexes make the check one
     * look-up per row.
     *
     * @param rows rows with distinct keys (a batch does not see its own inserts on every database)
     * @return the rows not added because their key was taken
     */
    public List<NewRow> insertPendingUnlessKeyTaken(long runId, List<NewRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        int[][] counts = jdbc.batchUpdate("INSERT INTO A2E_ROW (RUN_ID, ROW_KEY, LINE, FAMILY, REQUEST, STATE)"
                        + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM A2E_ROW WHERE RUN_ID = ? AND ROW_KEY = ?) AND NOT EXISTS"
                        + " (SELECT 1 FROM A2E_REJECT WHERE RUN_ID = ? AND ROW_KEY = ? AND LINE < ?)",
                rows, rows.size(), (ps, row) -> {
                    ps.setLong(1, runId);
                    ps.setString(2, row.key());
                    ps.setLong(3, row.line());
                    ps.setString(4, row.family());
                    ps.setString(5, row.request());
                    ps.setString(6, RowState.PENDING.name());
                    ps.setLong(7, runId);
                    ps.setString(8, row.key());
                    ps.setLong(9, runId);
                    ps.setString(10, row.key());
                    ps.setLong(11, row.line());
                });
        List<NewRow> taken = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (counts[0][i] == 0) {
                taken.add(rows.get(i));
            }
        }
        return taken;
    }

    /** The first line that uses {@code key} in the run, among its rows and its rejects. */
    public long firstLineOf(long runId, String key) {
        Long line = jdbc.queryForObject("SELECT MIN(LINE) FROM (SELECT LINE FROM A2E_ROW WHERE RUN_ID = ? AND"
                + " ROW_KEY = ? UNION ALL SELECT LINE FROM A2E_REJECT WHERE RUN_ID = ? AND ROW_KEY = ?) L",
                Long.class, runId, key, runId, key);
        if (line == null) {
            throw new IllegalStateException("No row of run " + runId + " has the key '" + key + "'");
        }
        return line;
    }

    /** Adds rows that will not be sent. */
    public void insertRejects(long runId, List<RejectedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO A2E_REJECT (RUN_ID, LINE, ROW_KEY, PROBLEMS, RECORD) VALUES (?, ?, ?, ?, ?)",
                rows, rows.size(), (ps, row) -> {
                    ps.setLong(1, runId);
                    ps.setLong(2, row.line());
                    ps.setString(3, row.key());
                    ps.setString(4, SpecJson.MAPPER.writeValueAsString(row.problems()));
                    ps.setString(5, SpecJson.MAPPER.writeValueAsString(row.record()));
                });
    }

    /**
     * A row to add.
     *
     * @param key     row key
     * @param line    manifest line
     * @param family  task family name
     * @param request start request body as JSON text
     */
    public record NewRow(String key, long line, String family, String request) {
    }

    // ---- execute (each statement commits on its own) ----

    /** Up to {@code limit} pending rows after {@code afterLine}, in manifest order. */
    public List<LedgerRow> pending(long runId, long afterLine, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_ID = ? AND STATE = ? AND LINE > ?"
                + ORDER_BY_STATE_LINE + " LIMIT ?", ROW, runId, RowState.PENDING.name(), afterLine, limit);
    }

    /** Every row in {@code state}, in manifest order (used for the rows in flight or in doubt on resume). */
    public List<LedgerRow> inState(long runId, RowState state) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_ID = ? AND STATE = ?" + ORDER_BY_STATE_LINE,
                ROW, runId, state.name());
    }

    /** One row, or null. */
    public LedgerRow row(long runId, String key) {
        List<LedgerRow> rows = jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_ID = ? AND ROW_KEY = ?",
                ROW, runId, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Records that a start request is about to be sent. Must be committed before the request leaves.
     *
     * @throws IllegalStateException if the row is not pending or already in doubt (a bug: it would
     *                               mean two submitters for one row)
     */
    public void markSubmitting(long runId, String key, String taskName, Instant at) {
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ?, TASK_NAME = ?, SUBMITTING_AT = ?,"
                        + " ATTEMPTS = ATTEMPTS + 1 WHERE RUN_ID = ? AND ROW_KEY = ? AND STATE IN (?, ?)",
                RowState.SUBMITTING.name(), taskName, ts(at), runId, key,
                RowState.PENDING.name(), RowState.SUBMITTING.name());
        expectOne(updated, key, "mark as submitting");
    }

    /** Records the task id A2E gave (or that a look-up found) for a row. */
    public void markSubmitted(long runId, String key, String taskId, Instant at) {
        int updated = jdbc.update("UPDATE A2E_ROW SET STATE = ?, TASK_ID = ?, SUBMITTED_AT = ? WHERE RUN_ID = ?"
                        + " AND ROW_KEY = ? AND STATE = ?",
                RowState.SUBMITTED.name(), taskId, ts(at), runId, key, RowState.SUBMITTING.name());
        expectOne(updated, key, "record task id " + taskId);
    }

    /** Puts a row in doubt back to pending: it is known that no task exists for it. */
    public void markPending(long runId, String key) {
        jdbc.update("UPDATE A2E_ROW SET STATE = ? WHERE RUN_ID = ? AND ROW_KEY = ? AND STATE = ?",
                RowState.PENDING.name(), runId, key, RowState.SUBMITTING.name());
    }

    /** Records a row's final state. */
    public void markFinished(long runId, String key, RowState state, String resultUrl, String error, Long coins,
                             Instant at) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException(state + " is not a final state");
        }
        jdbc.update("UPDATE A2E_ROW SET STATE = ?, RESULT_URL = ?, ERROR = ?, COINS = ?, FINISHED_AT = ?"
                        + " WHERE RUN_ID = ? AND ROW_KEY = ?",
                state.name(), resultUrl, error, coins, ts(at), runId, key);
    }

    /** Whether another row of the run already holds {@code taskId} (look-ups must not adopt it twice). */
    public boolean isTaskIdTaken(long runId, String taskId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? AND TASK_ID = ?",
                Integer.class, runId, taskId);
        return n != null && n > 0;
    }

    /** Rows per state. */
    public Map<RowState, Long> counts(long runId) {
        Map<RowState, Long> counts = new EnumMap<>(RowState.class);
        for (RowState s : RowState.values()) {
            counts.put(s, 0L);
        }
        jdbc.query("SELECT STATE, COUNT(*) FROM A2E_ROW WHERE RUN_ID = ? GROUP BY STATE",
                rs -> {
                    counts.put(RowState.valueOf(rs.getString(1)), rs.getLong(2));
                }, runId);
        return counts;
    }

    /** Rejected rows of the run. */
    public long rejectCount(long runId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM A2E_REJECT WHERE RUN_ID = ?", Long.class, runId);
        return n == null ? 0 : n;
    }

    /** Credits reported for the run's tasks. */
    public long coins(long runId) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(COINS), 0) FROM A2E_ROW WHERE RUN_ID = ?", Long.class, runId);
        return n == null ? 0 : n;
    }

    /**
     * Up to {@code limit} rows after {@code afterLine}, whatever their state, in manifest order.
     * (Filtering on the state here would cost the index its order on H2.)
     */
    public List<LedgerRow> rowsAfter(long runId, long afterLine, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM A2E_ROW WHERE RUN_ID = ? AND LINE > ?" + ORDER_BY_LINE
                + " LIMIT ?", ROW, runId, afterLine, limit);
    }

    /** Up to {@code limit} rejected rows after {@code afterLine}, in manifest order. */
    public List<RejectedRow> rejectsAfter(long runId, long afterLine, int limit) {
        return jdbc.query("SELECT LINE, ROW_KEY, PROBLEMS, RECORD FROM A2E_REJECT WHERE RUN_ID = ? AND LINE > ?"
                + ORDER_BY_LINE + " LIMIT ?", REJECT, runId, afterLine, limit);
    }

    private static void expectOne(int updated, String key, String what) {
        if (updated != 1) {
            throw new IllegalStateException("Ledger: could not " + what + " for row '" + key
                    + "': it is not in the expected state (another process may be running this manifest)");
        }
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
                rs.getString("REQUEST"), RowState.valueOf(rs.getString("STATE")), rs.getString("TASK_NAME"),
                rs.getString("TASK_ID"), rs.getString("RESULT_URL"), rs.getString("ERROR"),
                coins, rs.getInt("ATTEMPTS"), instant(rs, "SUBMITTING_AT"),
                instant(rs, "SUBMITTED_AT"), instant(rs, "FINISHED_AT"), download(rs));
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
