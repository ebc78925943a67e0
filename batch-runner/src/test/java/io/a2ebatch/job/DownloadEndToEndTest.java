package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.Main;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.simulator.FileHostStats;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.ResultContent;
import io.a2ebatch.simulator.SimulatorOperation;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code run --download}: every completed row's file on disk, complete and checked, whatever the file host does. */
class DownloadEndToEndTest {

    private static final int ROWS = 24;
    private static final int SIZE = 200 * 1024;

    @TempDir
    Path dir;

    @Test
    void downloadsEveryFileCompleteAndCheckedDespiteCutConnectionsErrorsAndExpiredUrls() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", ROWS, 5, "userText2Image", "userImage2Video");
        Path files = dir.resolve("media");
        // URLs of half the tasks expire 2 s after their record was read; with 2 downloads at a time at
        // 400 KB/s in all (about 12 s for the lot), later downloads wait longer than that and have to
        // ask for a fresh URL.
        FileHostConfig host = FileHostConfig.DEFAULT.withSize(SIZE).withCutRate(0.2).withErrorRate(0.05)
                .withExpiry(Duration.ofSeconds(2), 0.5);
        try (A2eSimulator sim = RunnerHarness.simulator().fileHost(host).start()) {
            RunnerHarness.Result run = harness.run(manifest, sim, "--download", files.toString(),
                    "--download-concurrency", "2", "--download-rate", "400KB",
                    "--a2e.download.retry-initial=20ms", "--a2e.download.max-attempts=20");

            assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.SUCCESS);
            List<CSVRecord> results = harness.results(harness.results());
            assertThat(results).hasSize(ROWS).allSatisfy(r -> {
                assertThat(r.get("status")).isEqualTo("completed");
                assertThat(r.get("download_error")).isEmpty();
                assertThat(r.get("file")).isEqualTo(r.get("key") + "." + (r.get("type").contains("Image2Video")
                        ? "mp4" : "png"));
                assertThat(r.get("bytes")).isEqualTo(String.valueOf(SIZE));
                Path file = files.resolve(r.get("file"));
                assertThat(file).hasSize(SIZE);
                assertThat(sha256(file)).isEqualTo(r.get("sha256"))
                        .isEqualTo(ResultContent.sha256(r.get("task_id"), SIZE));
            });
            try (Stream<Path> left = Files.list(files)) {
                assertThat(left).hasSize(ROWS).noneMatch(p -> p.toString().endsWith(".part"));
            }
            FileHostStats served = sim.stats().files();
            assertThat(served.cuts()).as("connections were cut").isPositive();
            assertThat(served.expired()).as("URLs expired").isPositive();
            assertThat(served.rangeRequests()).as("cut downloads resumed").isPositive();
            assertThat(served.withAuthorization()).isZero();
            assertThat(sim.requestLog()).filteredOn(r -> r.operation() == SimulatorOperation.RESULT_FILE)
                    .isNotEmpty().extracting(LoggedRequest::account).containsOnlyNulls();
            assertThat(run.out()).contains("files:    " + ROWS + " downloaded");
        }
    }

    @Test
    void stopsRestartablyWhenTheDownloadDirectoryCannotBeWritten() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 3, 5, "userText2Image");
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file, not a directory");
        try (A2eSimulator sim = RunnerHarness.simulator().fileHost(FileHostConfig.DEFAULT.withSize(1000)).start()) {
            RunnerHarness.Result run = harness.run(manifest, sim, "--download", notADirectory.resolve("media").toString());

            assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(run.all()).contains("Cannot write").contains("downloads stopped");
            assertThat(sim.stats().tasksCreated()).as("nothing is sent while the files could not be kept").isZero();
        }
    }

    @Test
    void downloadCommandFetchesAFinishedRunsFilesAfterwardsAndNeverTwice() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 6, 5, "userText2Image");
        Path files = dir.resolve("later");
        try (A2eSimulator sim = RunnerHarness.simulator().fileHost(FileHostConfig.DEFAULT.withSize(SIZE)).start()) {
            assertThat(harness.run(manifest, sim).code()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().files().requests()).isZero();

            RunnerHarness.Result first = download(harness, manifest, sim, files, "--name", "{type}-{key}.{ext}");
            assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(first.out()).contains("files:    6 downloaded");
            assertThat(harness.results(harness.results())).hasSize(6).allSatisfy(r -> {
                assertThat(r.get("file")).isEqualTo("userText2Image-" + r.get("key") + ".png");
                assertThat(files.resolve(r.get("file"))).hasSize(SIZE);
            });
            long served = sim.stats().files().bytesServed();
            assertThat(served).isEqualTo(6L * SIZE);

            RunnerHarness.Result again = download(harness, manifest, sim, files);
            assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(sim.stats().files().bytesServed()).as("complete files are not fetched again").isEqualTo(served);
        }
    }

    @Test
    void runWithDownloadOfAManifestThatAlreadyRanToTheEndFetchesOnlyAFileThatIsNoLongerOnDisk() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 4, 5, "userText2Image");
        Path files = dir.resolve("media");
        try (A2eSimulator sim = RunnerHarness.simulator().fileHost(FileHostConfig.DEFAULT.withSize(SIZE)).start()) {
            assertThat(harness.run(manifest, sim, "--download", files.toString()).code()).isEqualTo(ExitCode.SUCCESS);
            long served = sim.stats().files().bytesServed();
            CSVRecord lost = harness.results(harness.results()).get(0);
            Files.delete(files.resolve(lost.get("file")));

            RunnerHarness.Result again = harness.run(manifest, sim, "--download", files.toString());
            assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(again.out()).contains("already ran to the end").contains("files:    4 downloaded");
            assertThat(sim.stats().files().bytesServed() - served).as("only the deleted file is fetched again")
                    .isEqualTo(SIZE);
            assertThat(files.resolve(lost.get("file"))).hasSize(SIZE);
            assertThat(sim.stats().tasksCreated()).isEqualTo(4);
        }
    }

    @Test
    void downloadCommandFindsTheRunByItsNameAndIsRefusedWhileAnotherProcessOwnsIt() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 3, 5, "userText2Image");
        Path files = dir.resolve("media");
        try (FreshPostgres postgres = FreshPostgres.create();
             A2eSimulator sim = RunnerHarness.simulator().fileHost(FileHostConfig.DEFAULT.withSize(SIZE)).start()) {
            List<String> repository = new ArrayList<>(postgres.runnerOptions());
            List<String> named = new ArrayList<>(repository);
            named.addAll(List.of("--run-name", "nightly"));
            assertThat(harness.run(manifest, sim, named.toArray(String[]::new)).code()).isEqualTo(ExitCode.SUCCESS);

            RunnerHarness.Result unnamed = download(harness, manifest, sim, files, repository.toArray(String[]::new));
            assertThat(unnamed.code()).as(unnamed.all()).isEqualTo(ExitCode.USAGE);
            assertThat(unnamed.err()).contains("has no run '" + manifest.toRealPath() + "'").contains("--run-name");

            RunLeases leases = new RunLeases(new JdbcTemplate(new DriverManagerDataSource(postgres.url(), "a2e", "a2e")),
                    Duration.ofMinutes(5));
            LeaseToken other = leases.tryAcquire("nightly").orElseThrow();
            RunnerHarness.Result refused = download(harness, manifest, sim, files, named.toArray(String[]::new));
            assertThat(refused.code()).as(refused.all()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).contains("the run nightly is owned by another a2e-batch: process "
                    + ProcessHandle.current().pid()).contains("--wait-for-owner").doesNotContain("\tat ");
            assertThat(sim.stats().files().requests()).as("nothing downloaded beside the owner").isZero();

            leases.release(other);
            RunnerHarness.Result fetched = download(harness, manifest, sim, files, named.toArray(String[]::new));
            assertThat(fetched.code()).as(fetched.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(fetched.out()).contains("run:      nightly").contains("files:    3 downloaded");
            assertThat(harness.results(harness.results())).hasSize(3)
                    .allSatisfy(r -> assertThat(files.resolve(r.get("file"))).hasSize(SIZE));
        }
    }

    @Test
    void refusesANameTemplateThatWouldGiveEveryRowTheSameFileBeforeSendingAnything() throws Exception {
        RunnerHarness harness = new RunnerHarness(dir);
        Path manifest = harness.manifest("jobs.csv", 2, 5, "userText2Image");
        try (A2eSimulator sim = RunnerHarness.simulator().start()) {
            RunnerHarness.Result run = harness.run(manifest, sim, "--download", dir.resolve("media").toString(),
                    "--name", "{type}.{ext}");

            assertThat(run.code()).as(run.all()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("--name {type}.{ext}").contains("needs {key}").doesNotContain("\tat ");
            assertThat(sim.stats().requestsTotal()).isZero();
        }
    }

    private RunnerHarness.Result download(RunnerHarness harness, Path manifest, A2eSimulator sim, Path to,
                                          String... extra) {
        List<String> args = new ArrayList<>(List.of("download", manifest.toString(), "--to", to.toString(),
                "--base-url", sim.baseUrl().toString(),
                "--token-file", dir.resolve("token").toString(),
                "--state-dir", dir.resolve("state").toString(),
                "--results", harness.results().toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.execute(args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new RunnerHarness.Result(code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
