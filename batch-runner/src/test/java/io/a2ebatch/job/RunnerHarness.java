package io.a2ebatch.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.Main;
import io.a2ebatch.manifest.ManifestGenerator;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Runs {@code a2e-batch run} in this JVM, the way a user does from the command line, against a
 * simulator: token in a file, state and results in a temporary directory.
 */
final class RunnerHarness {

    /** A test token: the runner must never print it. */
    static final String TOKEN = "sk_test_e2e_0123456789abcdefSECRET";

    private final Path dir;
    private final Path tokenFile;

    RunnerHarness(Path dir) throws IOException {
        this.dir = dir;
        this.tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    /** A simulator accepting {@link #TOKEN}, with quick tasks. */
    static A2eSimulator.Builder simulator() {
        return A2eSimulator.builder().tokens(TOKEN).seed(11)
                .taskDuration(java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(900));
    }

    Path dir() {
        return dir;
    }

    Path results() {
        return dir.resolve("results.csv");
    }

    Path rejects() {
        return dir.resolve("results.rejects.csv");
    }

    /** Writes a valid manifest of {@code rows} rows over {@code families}. */
    Path manifest(String name, long rows, long seed, String... families) throws IOException {
        List<TaskFamily> chosen = families.length == 0 ? List.copyOf(FamilyCatalog.bundled().families())
                : Arrays.stream(families).map(FamilyCatalog.bundled()::require).toList();
        StringWriter out = new StringWriter();
        new ManifestGenerator(chosen, seed).write(rows, out);
        Path file = dir.resolve(name);
        Files.writeString(file, out.toString());
        return file;
    }

    Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    Result run(Path manifest, A2eSimulator simulator, String... extra) {
        return execute("run", manifest, simulator, extra);
    }

    /** {@code a2e-batch plan MANIFEST}: the plan, nothing sent. */
    Result plan(Path manifest, A2eSimulator simulator, String... extra) {
        return execute("plan", manifest, simulator, extra);
    }

    private Result execute(String command, Path manifest, A2eSimulator simulator, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, manifest.toString(),
                "--base-url", simulator.baseUrl().toString(),
                "--token-file", tokenFile.toString(),
                "--state-dir", dir.resolve("state").toString(),
                "--results", results().toString(),
                "--progress", "none",
                "--poll-interval", "200ms",
                "--rate-limit", "100",
                "--a2e.throttle.retry.initial=50ms",
                "--a2e.throttle.retry.in-doubt-delay=100ms"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<CSVRecord> results(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().get().parse(reader).getRecords();
        }
    }

    /** Keys of the manifest's data rows. */
    List<String> keys(Path manifest) throws IOException {
        try (var reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().get().parse(reader).stream()
                    .map(r -> r.get("key")).collect(Collectors.toList());
        }
    }

    /** Family ({@code type}) of each row, by key, in manifest order. */
    Map<String, String> families(Path manifest) throws IOException {
        try (var reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            Map<String, String> families = new LinkedHashMap<>();
            CSVFormat.RFC4180.builder().setHeader().get().parse(reader)
                    .forEach(r -> families.put(r.get("key"), r.get("type")));
            return families;
        }
    }

    record Result(ExitCode code, String out, String err) {
        String all() {
            return out + err;
        }
    }
}
