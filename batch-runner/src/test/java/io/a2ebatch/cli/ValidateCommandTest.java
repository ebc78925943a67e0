package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.a2ebatch.manifest.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExitCode validate(String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("validate"));
        line.addAll(List.of(args));
        return Main.execute(line, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private Path manifest(String content) throws Exception {
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void passesTheDemoManifestWithASummaryByFamily() {
        ExitCode exit = validate(Datasets.root().resolve("demo.csv").toString());
        assertThat(exit).isEqualTo(ExitCode.SUCCESS);
        assertThat(out()).isEqualTo("demo.csv: 18 rows checked: 18 valid, 0 invalid, 0 problems; valid by family:"
                + " userFaceSwapTask 2, userUpscale 1, userText2Image 2, userNanoBanana 2, userImage2Video 3,"
                + " talkingPhoto 2, headSwap 2, klingVideo 2, aleph 2\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void reportsRowProblemsInLineOrderThenRepeatedKeysAndCountsRepeatedRowsAsInvalid() throws Exception {
        Path file = manifest("key,type,image_url,video_time\n"
                + "a,i2v,https://e.com/1.jpg,5\n"
                + "b,i2v,https://e.com/2.jpg,99\n"
                + "a,i2v,https://e.com/3.jpg,5\n"
                + "c,i2v,,5\n");
        assertThat(validate(file.toString())).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(out()).isEqualTo("""
                orders.csv:3:4 video_time: 99 is above the maximum 20 (allowed: 5..20)
                orders.csv:5:3 image_url: is required for userImage2Video
                orders.csv:4:1 key: duplicate key "a"; first used on line 2
                orders.csv: 4 rows checked: 1 valid, 3 invalid, 3 problems; valid by family: userImage2Video 1
                """);
    }

    @Test
    void printsAtMostMaxErrorsProblemsButStillChecksAndCountsEveryRow() throws Exception {
        StringBuilder csv = new StringBuilder("key,type,prompt\n");
        for (int i = 1; i <= 10; i++) {
            csv.append("k").append(i).append(",nope,p\n");
        }
        Path file = manifest(csv.toString());
        assertThat(validate("--max-errors", "2", file.toString())).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(out().lines()).hasSize(4);
        assertThat(out()).contains("... and 8 more problems not shown (--max-errors 2)\n")
                .endsWith("orders.csv: 10 rows checked: 0 valid, 10 invalid, 10 problems\n");
        out.reset();
        assertThat(validate(file.toString(), "--max-errors=0")).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(out().lines()).hasSize(2);
    }

    @Test
    void treatsAManifestWithAHeaderAndNoRowsAsAUsageError() throws Exception {
        assertThat(validate(manifest("key,type,prompt\n").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(out()).isEqualTo("orders.csv: 0 rows checked: 0 valid, 0 invalid, 0 problems\n");
        assertThat(err()).isEqualTo("a2e-batch validate: orders.csv has a header but no rows; add rows below the"
                + " header line\n");
    }

    @Test
    void treatsAMissingFileAsAUsageErrorOnStandardError() {
        assertThat(validate(dir.resolve("missing.csv").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("a2e-batch validate: missing.csv: does not exist\n");
    }

    @Test
    void rejectsBadArguments() throws Exception {
        String file = manifest("key,type\n").toString();
        assertThat(validate()).isEqualTo(ExitCode.USAGE);
        assertThat(err()).isEqualTo("a2e-batch validate: validate needs a manifest: a2e-batch validate MANIFEST.csv"
                + " [options]\n  (see a2e-batch validate --help)\n");
        for (List<String> args : List.of(List.of(file, "--verbose"), List.of(file, file),
                List.of(file, "--max-errors", "many"), List.of(file, "--max-errors=-1"))) {
            err.reset();
            assertThat(validate(args.toArray(String[]::new))).as(args.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(err()).as(args.toString()).contains("(see a2e-batch validate --help)");
        }
        assertThat(out()).isEmpty();
    }

    @Test
    void isReachedThroughMain() {
        ExitCode exit = Main.execute(List.of("validate", Datasets.root().resolve("demo.csv").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(ExitCode.SUCCESS);
        assertThat(out()).startsWith("demo.csv: 18 rows checked");
    }
}
