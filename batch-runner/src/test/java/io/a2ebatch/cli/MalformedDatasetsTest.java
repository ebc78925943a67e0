package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.a2ebatch.manifest.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code validate} on every manifest in {@code datasets/malformed/} and compares its output with
 * the {@code .expected.txt} beside it, byte for byte. The expected exit code is 0 when the expected
 * output is the summary line alone, 1 otherwise.
 */
class MalformedDatasetsTest {

    private static Path folder() {
        return Datasets.root().resolve("malformed");
    }

    static Stream<String> manifests() throws Exception {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList().stream();
        }
    }

    private record Run(ExitCode exit, String out, String err) {
    }

    private static Run validate(Path manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode exit = ValidateCommand.execute(manifest, Long.MAX_VALUE,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void printsExactlyTheExpectedProblemsAndExitCode(String name) throws Exception {
        Path manifest = folder().resolve(name);
        Path expectedFile = folder().resolve(name.replace(".csv", ".expected.txt"));
        assertThat(expectedFile).as("every malformed manifest needs its expected output").isRegularFile();
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);

        Run run = validate(manifest);

        assertThat(run.out()).isEqualTo(expected);
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isEqualTo(expected.lines().count() == 1 ? ExitCode.SUCCESS : ExitCode.ROWS_FAILED);
    }

    @Test
    void everyExpectedOutputBelongsToAManifest() throws Exception {
        List<String> manifests = manifests().toList();
        try (Stream<Path> files = Files.list(folder())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.txt"))
                    .map(n -> n.replace(".expected.txt", ".csv"))).allMatch(manifests::contains);
        }
    }

    @Test
    void theValidEdgeCasesPass() {
        for (String name : List.of("bom.csv", "crlf.csv", "unicode.csv")) {
            assertThat(validate(folder().resolve(name)).exit()).as(name).isEqualTo(ExitCode.SUCCESS);
        }
    }

    @Test
    void theValidEdgeCasesReallyContainWhatTheyAreNamedFor() throws Exception {
        byte[] bom = Files.readAllBytes(folder().resolve("bom.csv"));
        assertThat(new byte[] {bom[0], bom[1], bom[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        String crlf = Files.readString(folder().resolve("crlf.csv"));
        assertThat(crlf).contains("\r\n");
        assertThat(crlf.replace("\r\n", "")).doesNotContain("\n");
        assertThat(Files.readString(folder().resolve("unicode.csv"))).contains("🌅", "注文", "Zürich");
    }
}
