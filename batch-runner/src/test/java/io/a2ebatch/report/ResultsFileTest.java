package io.a2ebatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerFixture;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RejectedRow;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.RunPass;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    private RunPass pass;

    @TempDir
    Path dir;

    private Ledger ledger;

    @BeforeEach
    void setUp() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:results" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        LedgerFixture fixture = LedgerFixture.open(ds, "/m.csv", Duration.ofMinutes(5));
        ledger = fixture.ledger;
        pass = fixture.pass;
        fixture.add("a", 2, "headSwap", "{}");
        fixture.add("b, \"quoted\"", 4, "userImage2Video", "{}");
        fixture.add("c", 5, "headSwap", "{}");
        ledger.insertRejects(pass, List.of(new RejectedRow(3, "r", List.of("m.csv:3:2 type: unknown type 'x'"),
                List.of("r", "x"))));
        finish("b, \"quoted\"", RowState.COMPLETED, "https://r/b.mp4", null);
        finish("a", RowState.FAILED, null, "moderation: minor detected (code 1003)");
    }

    private void finish(String key, RowState state, String url, String error) {
        ledger.markSubmitting(pass, key, key, Instant.parse("2026-01-01T00:00:00Z"));
        ledger.markSubmitted(pass, key, "id-" + key.charAt(0), Instant.parse("2026-01-01T00:00:01Z"));
        ledger.markFinished(pass, key, state, url, error, 5L, Instant.parse("2026-01-01T00:00:09Z"));
    }

    private List<CSVRecord> read(Path file) throws Exception {
        return CSVFormat.RFC4180.builder().setHeader().get()
                .parse(Files.newBufferedReader(file, StandardCharsets.UTF_8)).getRecords();
    }

    @Test
    void rebuildsFinishedAndRejectedRowsInManifestOrder() throws Exception {
        Path file = dir.resolve("out.csv");
        ResultsFile.rebuild(file, ledger, pass);
        List<CSVRecord> rows = read(file);
        assertThat(rows).extracting(r -> r.get("key")).containsExactly("a", "r", "b, \"quoted\"");
        assertThat(rows).extracting(r -> r.get("status")).containsExactly("failed", "rejected", "completed");
        assertThat(rows.get(2).get("result_url")).isEqualTo("https://r/b.mp4");
        assertThat(rows.get(0).get("error")).contains("code 1003");
        assertThat(rows.get(1).get("error")).contains("unknown type 'x'");
        assertThat(rows.get(2).get("submitted_at")).isEqualTo("2026-01-01T00:00:01Z");
    }

    @Test
    void showsOnlyTheRejectsBeforeAnyRowOfThePassHasFinished() throws Exception {
        RunPass next = new RunPass(pass.runName(), pass.runId(), pass.pass() + 1, pass.lease());
        ledger.insertRejects(next, List.of(new RejectedRow(7, "s", List.of("m.csv:7:1 key: empty"), List.of(""))));
        Path file = dir.resolve("first.csv");
        ResultsFile.rebuild(file, ledger, next);
        assertThat(read(file)).extracting(r -> r.get("key")).containsExactly("s");
    }

    @Test
    void replacesATornLastLineWhenARunResumes() throws Exception {
        Path file = dir.resolve("out.csv");
        ResultsFile.rebuild(file, ledger, pass);
        Files.writeString(file, "c,headSwap,id-c,comp", StandardOpenOption.APPEND);

        try (ResultsFile results = ResultsFile.rebuildAndOpen(file, ledger, pass)) {
            finish("c", RowState.COMPLETED, "https://r/c.mp4", null);
            results.append(ledger.row(pass, "c"));
        }
        List<CSVRecord> rows = read(file);
        assertThat(rows).extracting(r -> r.get("key")).containsExactly("a", "r", "b, \"quoted\"", "c");
        assertThat(rows.get(3).get("status")).isEqualTo("completed");
    }

    @Test
    void appendsEachRowAsItFinishesAndFlushesIt() throws Exception {
        Path file = dir.resolve("out.csv");
        try (ResultsFile results = ResultsFile.rebuildAndOpen(file, ledger, pass)) {
            finish("c", RowState.TIMED_OUT, null, "no final state");
            LedgerRow c = ledger.row(pass, "c");
            results.append(c);
            assertThat(read(file)).extracting(r -> r.get("key")).endsWith("c");
        }
    }
}
