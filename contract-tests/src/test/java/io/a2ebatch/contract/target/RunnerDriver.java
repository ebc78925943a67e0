package io.a2ebatch.contract.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.Main;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Runs {@code a2e-batch run} in this JVM the way a user does from the command line: token in a
 * file, state, results and rejects in the scenario's directory, progress off, short poll and retry
 * intervals so that scenarios finish in seconds. Options given to {@link #run} come after the
 * defaults and win.
 */
public final class RunnerDriver {

    private final Path dir;
    private final Path tokenFile;

    RunnerDriver(Path dir, String token) throws IOException {
        this.dir = dir;
        this.tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
    }

    /** The scenario's directory. */
    public Path dir() {
        return dir;
    }

    public Path results() {
        return dir.resolve("results.csv");
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    /** Writes a manifest into the scenario's directory. */
    public Path manifest(String name, String csv) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    /** Runs {@code manifest} against {@code baseUrl}. */
    public Result run(Path manifest, URI baseUrl, String... options) {
        List<String> args = new ArrayList<>(List.of("run", manifest.toString(),
                "--base-url", baseUrl.toString(),
                "--token-file", tokenFile.toString(),
                "--state-dir", stateDir().toString(),
                "--results", results().toString(),
                "--progress", "none",
                "--poll-interval", "200ms",
                "--rate-limit", "100",
                "--a2e.throttle.retry.initial=50ms",
                "--a2e.throttle.retry.in-doubt-delay=100ms"));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The rows of the results file, by key, in file order. */
    public Map<String, CSVRecord> resultRows() throws IOException {
        Map<String, CSVRecord> rows = new LinkedHashMap<>();
        try (var reader = Files.newBufferedReader(results(), StandardCharsets.UTF_8)) {
            CSVFormat.RFC4180.builder().setHeader().get().parse(reader).forEach(r -> rows.put(r.get("key"), r));
        }
        return rows;
    }

    /**
     * What a run printed and returned.
     *
     * @param code its exit code
     * @param out  standard output
     * @param err  standard error
     */
    public record Result(ExitCode code, String out, String err) {

        /** Both streams, for assertion messages. */
        public String all() {
            return out + err;
        }
    }
}
