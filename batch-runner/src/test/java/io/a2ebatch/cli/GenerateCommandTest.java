package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExitCode run(String command, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> line = new java.util.ArrayList<>(List.of(command));
        line.addAll(List.of(args));
        return Main.execute(line, o, e);
    }

    @Test
    void writesAManifestThatValidates() throws Exception {
        Path file = dir.resolve("sub/dir/big.csv");
        assertThat(run("generate", "--rows", "2000", "--seed", "5", "--out", file.toString())).isEqualTo(ExitCode.SUCCESS);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("wrote 2000 rows of 26 task families to " + file + " (seed 5)" + System.lineSeparator());
        out.reset();
        assertThat(run("validate", file.toString())).isEqualTo(ExitCode.SUCCESS);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("big.csv: 2000 rows checked: 2000 valid, 0 invalid, 0 problems");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writesTheSameBytesToAFileAndToStandardOutput() throws Exception {
        Path file = dir.resolve("a.csv");
        assertThat(run("generate", "--rows=300", "--seed=9", "--families=i2v,headSwap", "--out=" + file)).isEqualTo(ExitCode.SUCCESS);
        out.reset();
        assertThat(run("generate", "--families", "headSwap, userImage2Video", "--rows", "300", "--seed", "9"))
                .isEqualTo(ExitCode.SUCCESS);
        assertThat(out.toByteArray()).isNotEqualTo(Files.readAllBytes(file));
        out.reset();
        assertThat(run("generate", "--families", "i2v,headSwap", "--rows", "300", "--seed", "9")).isEqualTo(ExitCode.SUCCESS);
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(",userImage2Video,", ",headSwap,")
                .doesNotContain(",userText2Image,");
    }

    @Test
    void replacesAnExistingFile() throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "old content that is longer than one generated row would be, surely, yes");
        assertThat(run("generate", "--rows", "1", "--families", "headSwap", "--out", file.toString())).isEqualTo(ExitCode.SUCCESS);
        assertThat(Files.readString(file)).startsWith("key,type,image_url,target_image_url").doesNotContain("old content");
    }

    @Test
    void rejectsBadArguments() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("--rows", "0"), List.of("--rows", "ten"),
                List.of("--rows", "5", "--seed", "x"), List.of("--rows", "5", "--families", "i2v,nope"),
                List.of("--rows", "5", "--colour", "red"), List.of("--rows"), List.of("--rows", "1000000000"),
                List.of("--rows", "5", "--out", dir.toString()))) {
            err.reset();
            assertThat(run("generate", args.toArray(String[]::new))).as(args.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(args.toString()).contains("(see a2e-batch generate --help)");
        }
        assertThat(out.size()).isZero();
        assertThat(dir).isEmptyDirectory();
    }
}
