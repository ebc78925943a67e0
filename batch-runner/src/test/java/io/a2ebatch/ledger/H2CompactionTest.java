package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CompactionTest {

    private static final int ROWS = 4_000;

    @TempDir
    Path dir;

    /**
     * Each commit written at once, as the runner has it. Dead chunks are reused at once here (the runner
     * waits 1 s), so that what is measured is the compaction alone, not how long the test runs.
     */
    private static JdbcDataSource h2File(Path base) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + base + ";WRITE_DELAY=0;RETENTION_TIME=0");
        ds.setUser("sa");
        return ds;
    }

    /** Walks every row through the ledger as a run does: one commit per state change. */
    private static long runRows(JdbcDataSource ds, Path file) throws Exception {
        // The runner's pool keeps the database open; without an open connection H2 would close it
        // (and compact it) after every statement.
        try (Connection open = ds.getConnection()) {
            walkRows(LedgerFixture.open(ds, "/rows.csv", java.time.Duration.ofMinutes(5)));
            return Files.size(file);
        }
    }

    private static void walkRows(LedgerFixture fixture) {
        Ledger ledger = fixture.ledger;
        fixture.addRows(ROWS, "userImage2Video", "image_url");
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 1; i <= ROWS; i++) {
            String key = "k" + i;
            ledger.markSubmitting(fixture.pass, key, key + " [a2e 0000abcd]", at);
            ledger.markSubmitted(fixture.pass, key, String.format("%024x", i), at);
            ledger.markFinished(fixture.pass, key, RowState.COMPLETED, "https://example.com/out/" + i + ".mp4", null,
                    10L, at);
        }
        assertThat(ledger.counts(fixture.runId())).containsEntry(RowState.COMPLETED, (long) ROWS);
    }

    @Test
    void rewritesPartlyDeadChunksSoTheFileStaysSmall() throws Exception {
        long without = runRows(h2File(dir.resolve("plain")), dir.resolve("plain.mv.db"));

        JdbcDataSource ds = h2File(dir.resolve("compacted"));
        H2Compaction compaction = new H2Compaction(ds, Duration.ofMillis(50));
        long with;
        try (Connection open = ds.getConnection()) {
            compaction.start();
            assertThat(compaction.isRunning()).isTrue();
            with = runRows(ds, dir.resolve("compacted.mv.db"));
        } finally {
            compaction.stop();
        }
        assertThat(with).as("file after %d rows with compaction, against %d bytes without", ROWS, without)
                .isLessThan(without / 4);
    }

    @Test
    void doesNothingForADatabaseWithoutAFile() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:compaction-test;DB_CLOSE_DELAY=-1");
        H2Compaction compaction = new H2Compaction(ds, Duration.ofMillis(50));
        compaction.start();
        try {
            assertThat(compaction.compactOnce()).isFalse();
        } finally {
            compaction.stop();
        }
    }
}
