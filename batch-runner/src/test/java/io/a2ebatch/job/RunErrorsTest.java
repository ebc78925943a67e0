package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.Main;
import io.a2ebatch.simulator.A2eSimulator;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake a user can make with {@code run} ends in one or two lines naming the file, option or
 * URL, with the README's exit code, and without a stack trace; rows that can run still run.
 */
class RunErrorsTest {

    private static final String T2I_HEADER = "key,type,prompt\n";

    @TempDir
    Path dir;

    private RunnerHarness runner;

    @BeforeEach
    void setUp() throws Exception {
        runner = new RunnerHarness(dir);
    }

    private static void assertNoTrace(RunnerHarness.Result result) {
        assertThat(result.all()).doesNotContain("\tat ", "Exception", "BeanCreation", "APPLICATION FAILED");
    }

    private static int lines(String text) {
        return (int) text.lines().count();
    }

    @Test
    void anEmptyManifestIsAUsageErrorInOneLine() throws Exception {
        Path manifest = runner.file("empty.csv", "");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            assertThat(result.code()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("a2e-batch run: empty.csv: is empty; the first line must be the header");
            assertThat(lines(result.err())).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertNoTrace(result);
            assertThat(sim.stats().tasksCreated()).isZero();
        }
    }

    @Test
    void aHeaderOnlyManifestSaysItHasNoRows() throws Exception {
        Path manifest = runner.file("header.csv", T2I_HEADER);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            assertThat(result.code()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).isEqualTo("a2e-batch run: " + manifest + " has a header but no rows: nothing to"
                    + " run; add rows below the header line" + System.lineSeparator());
        }
    }

    @Test
    void aCsvSyntaxErrorAfterGoodRowsStopsTheRunWithItsLineAndNoResultsFile() throws Exception {
        Path manifest = runner.file("quote.csv", T2I_HEADER + "a,userText2Image,fine\nb,userText2Image,\"open\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.USAGE);
            assertThat(result.all()).contains("quote.csv:3").contains("Nothing was sent")
                    .doesNotContain("results:");
            assertNoTrace(result);
            assertThat(sim.stats().tasksCreated()).isZero();
            assertThat(runner.results()).doesNotExist();
        }
    }

    @Test
    void invalidUtf8AfterGoodRowsNamesTheLineAndTheByte() throws Exception {
        Path manifest = dir.resolve("latin1.csv");
        byte[] good = (T2I_HEADER + "a,userText2Image,fine\nb,userText2Image,caf").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 2];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xE9;
        bytes[good.length + 1] = '\n';
        Files.write(manifest, bytes);
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.USAGE);
            assertThat(result.all()).contains("latin1.csv:3: is not valid UTF-8: invalid byte 0xE9")
                    .doesNotContain("results:");
            assertNoTrace(result);
            assertThat(sim.stats().tasksCreated()).isZero();
        }
    }

    @Test
    void anUnwritableResultsPathIsAUsageErrorNamingIt() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        Path blocker = runner.file("not-a-dir", "x");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--results=" + blocker.resolve("r.csv"));
            assertThat(result.code()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("a2e-batch run: cannot write " + blocker.resolve("r.csv"))
                    .contains("choose another path with --results FILE");
            assertThat(lines(result.err())).isEqualTo(1);
            assertThat(sim.stats().tasksCreated()).isZero();
        }
    }

    @Test
    void anUnwritableStateDirectoryIsAUsageErrorNamingIt() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        Path blocker = runner.file("state-file", "x");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--state-dir=" + blocker.resolve("state"));
            assertThat(result.code()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("a2e-batch run: cannot use the state directory "
                    + blocker.resolve("state")).contains("--state-dir DIR");
            assertThat(lines(result.err())).isEqualTo(1);
            assertNoTrace(result);
        }
    }

    @Test
    void aMissingTokenFileIsAUsageErrorSayingWhereTheTokenGoes() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--token-file=" + dir.resolve("nope"));
            assertThat(result.code()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("a2e-batch run: Cannot read the API token file " + dir.resolve("nope"))
                    .contains("--token-file");
            assertThat(lines(result.err())).isEqualTo(1);
            assertNoTrace(result);
        }
    }

    @Test
    void anInvalidPropertyValueIsAUsageErrorNamingTheProperty() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--a2e.throttle.burst=0");
            assertThat(result.code()).isEqualTo(ExitCode.USAGE);
            assertThat(result.err()).startsWith("a2e-batch run: invalid configuration: a2e.throttle.burst = 0: must be"
                    + " greater than or equal to 1");
            assertThat(lines(result.err())).isEqualTo(1);
            assertThat(sim.stats().tasksCreated()).isZero();
        }
    }

    @Test
    void aClosedPortSaysCannotConnectWithTheUrl() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--base-url=http://127.0.0.1:" + port);
            assertThat(result.code()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(result.err()).isEqualTo("a2e-batch run: cannot connect to http://127.0.0.1:" + port
                    + " (connection refused); check --base-url and the network, then run the same command again"
                    + " (nothing was sent)" + System.lineSeparator());
        }
    }

    @Test
    void aSimulatorLostMidRunStopsWithOneLineNamingTheUrlAndTheRerunSendsNoKeyTwice() throws Exception {
        Path manifest = runner.manifest("lost.csv", 40, 3, "userText2Image");
        Path simulatorState = Files.createDirectories(dir.resolve("simulator"));
        java.util.Map<String, Long> before;
        int port;
        RunnerHarness.Result stopped;
        A2eSimulator first = RunnerHarness.simulator().stateDir(simulatorState).start();
        try {
            port = first.baseUrl().getPort();
            java.util.concurrent.CompletableFuture<RunnerHarness.Result> run = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> runner.run(manifest, first, "--rate-limit", "20",
                            "--a2e.throttle.retry.max-attempts=3"));
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
            while (first.stats().tasksCreated() < 5 && !run.isDone()) {
                assertThat(java.time.Instant.now()).as("waiting for 5 tasks").isBefore(deadline);
                Thread.sleep(20);
            }
            assertThat(run.isDone()).as("the run was still going when A2E went away").isFalse();
            first.close();
            before = first.stats().tasksByName();
            stopped = run.get(3, java.util.concurrent.TimeUnit.MINUTES);
        } finally {
            first.close();
        }

        assertThat(stopped.code()).as(stopped.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        assertNoTrace(stopped);
        assertThat(stopped.out().lines().filter(l -> l.contains("cannot connect to")))
                .as(stopped.all()).singleElement().asString()
                .contains("cannot connect to http://127.0.0.1:" + port + " (connection refused)")
                .contains("run the same command again to resume");
        assertThat(stopped.all()).doesNotContain("the look-up failed too");

        try (A2eSimulator again = RunnerHarness.simulator().stateDir(simulatorState).port(port).start()) {
            RunnerHarness.Result resumed = runner.run(manifest, again);
            assertThat(resumed.code()).as(resumed.all()).isEqualTo(ExitCode.SUCCESS);
            // The simulator's journal brought back the tasks created before it stopped.
            assertThat(again.stats().tasksByName()).containsAllEntriesOf(before).as("one task per key").hasSize(40)
                    .allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
        }
    }

    @Test
    void anUnknownHostSaysSo() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim, "--base-url=http://no-such-host.invalid");
            assertThat(result.code()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(result.err()).startsWith("a2e-batch run: cannot connect to http://no-such-host.invalid"
                    + " (unknown host no-such-host.invalid)");
        }
    }

    @Test
    void aHugeKeyAndADeeplyNestedCellAreRowRejectsAndTheValidRowsRun() throws Exception {
        String hugeKey = "k".repeat(1500);
        String deep = "[".repeat(600) + "]".repeat(600);
        Path manifest = runner.file("hostile.csv", "key,type,prompt,input_images\n"
                + "ok-1,userText2Image,fine,\n"
                + hugeKey + ",userText2Image,fine,\n"
                + "deep,userNanoBanana,fine,\"" + deep + "\"\n"
                + "ok-2,userText2Image,fine,\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
            assertNoTrace(result);
            assertThat(result.out()).contains("2 completed", "2 rejected");
            List<CSVRecord> rejects = runner.results(runner.rejects());
            assertThat(rejects).extracting(r -> r.get("#line")).containsExactly("3", "4");
            assertThat(rejects.get(0).get("key")).isEqualTo(hugeKey);
            assertThat(rejects.get(0).get("#problems")).contains("hostile.csv:3");
            assertThat(rejects.get(1).get("#problems")).contains("hostile.csv:4").contains("nested deeper than");
        }
    }

    @Test
    void coinsAreChargedMinusRefundedPerRowAndInTheSummary() throws Exception {
        Path manifest = runner.manifest("m.csv", 20, 4, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().failureRate(0.4).taskCost(10).credits(1000).start()) {
            RunnerHarness.Result result = runner.run(manifest, sim);
            long spent = 1000 - sim.credits(RunnerHarness.TOKEN);
            List<CSVRecord> rows = runner.results(runner.results());
            long failed = rows.stream().filter(r -> r.get("status").equals("failed")).count();
            assertThat(failed).as("the seed makes some rows fail").isPositive();
            assertThat(rows).filteredOn(r -> r.get("status").equals("failed"))
                    .allSatisfy(r -> assertThat(r.get("coins")).isEqualTo("0"));
            long perRow = rows.stream().mapToLong(r -> r.get("coins").isEmpty() ? 0 : Long.parseLong(r.get("coins"))).sum();
            assertThat(perRow).isEqualTo(spent);
            assertThat(result.out()).contains("coins:    " + spent + " net of refunds (the " + failed
                    + " failed rows cost 0: A2E refunds a failed task)");
        }
    }

    @Test
    void debugPrintsTheTraceAndTheLogFileAlwaysHasIt() throws Exception {
        Path manifest = runner.manifest("m.csv", 2, 1, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result plain = runner.run(manifest, sim, "--token-file=" + dir.resolve("nope"));
            assertNoTrace(plain);
            Path log = dir.resolve("state").resolve("a2e-batch.log");
            assertThat(Files.readString(log)).contains("TokenUnavailableException", "\tat ");
            List<String> args = new ArrayList<>(List.of("--token-file=" + dir.resolve("nope"), "--debug"));
            RunnerHarness.Result debug = runner.run(manifest, sim, args.toArray(String[]::new));
            assertThat(debug.code()).isEqualTo(ExitCode.USAGE);
            assertThat(debug.err()).contains("TokenUnavailableException", "\tat ");
        }
    }

    @Test
    void anUnknownPropertyNeverReachesSpring() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.execute(List.of("run", "m.csv", "--a2e.throttle.rate-limt=3"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("did you mean --a2e.throttle.rate-limit?");
    }
}
