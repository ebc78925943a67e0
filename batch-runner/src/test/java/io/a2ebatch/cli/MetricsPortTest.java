package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics-port}: a Prometheus endpoint scraped during a real run (a fleet of two partitions
 * run in process against the in-process simulator), whose last figures agree with the run's ledger, its
 * results file and its summary, each partition counting only its own rows; and a port that cannot be
 * listened on is one line and exit 2.
 */
class MetricsPortTest {

    private static final int ROWS = 20;
    private static final Pattern URL = Pattern.compile("metrics for Prometheus on (http://\\S+)");

    @TempDir
    Path dir;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private String manifest(int rows) {
        Path file = dir.resolve("jobs.csv");
        assertThat(cli("generate", "--rows", String.valueOf(rows), "--families", "userText2Image", "--out",
                file.toString()).code()).isEqualTo(ExitCode.SUCCESS);
        return file.toString();
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CliRun r = cli("run", manifest(1), "--simulator", "--metrics-port", String.valueOf(port),
                    "--state-dir", dir.toString());
            assertThat(r.code()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).isEqualTo("a2e-batch run: --metrics-port " + port + ": cannot listen on 127.0.0.1:"
                    + port + " (Address already in use); choose a free port, or 0 for any" + System.lineSeparator());
        }
    }

    @Test
    void aPortOutOfRangeIsOneLineAndExitTwo() {
        CliRun r = cli("worker", "--metrics-port", "70000");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("a2e-batch worker: --metrics-port 70000 is out of range; give a whole number"
                + " from 0 to 65535");
    }

    @Test
    void theEndpointServesEachPartitionsFiguresAndTheyMatchTheLedgerAtTheEnd() throws Exception {
        String manifest = manifest(ROWS);
        Path results = dir.resolve("results.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SyncedBuffer err = new SyncedBuffer();
        CompletableFuture<ExitCode> run = CompletableFuture.supplyAsync(() -> Main.execute(List.of("run", manifest,
                "--simulator", "--partitions", "2", "--workers-in-process", "--metrics-port", "0",
                "--a2e.metrics.linger=3m", "--state-dir", dir.resolve("state").toString(), "--results",
                results.toString(), "--progress", "none", "--poll-interval", "200ms", "--rate-limit", "200",
                "--a2e.simulator.task-duration-min=50ms", "--a2e.simulator.task-duration-max=200ms",
                "--a2e.simulator.rate-limit=0"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        URI url = awaitUrl(err, run);

        HttpClient http = HttpClient.newHttpClient();
        String scrape = "";
        boolean sawRunning = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline && !scrape.contains("a2e_run_ended{role=\"manager\"} 1.0")) {
            scrape = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body();
            sawRunning |= scrape.contains("a2e_run_ended{role=\"manager\"} 0.0");
            Thread.sleep(100);
        }
        ExitCode code = run.get(1, java.util.concurrent.TimeUnit.MINUTES);
        String summary = out.toString(StandardCharsets.UTF_8);

        assertThat(code).as(err + summary).isEqualTo(ExitCode.SUCCESS);
        assertThat(sawRunning).as("scraped while the run went on").isTrue();
        assertThat(value(scrape, "a2e_rows_sent_total", "partition=\"1 of 2\"")).isEqualTo(ROWS / 2);
        assertThat(value(scrape, "a2e_rows_sent_total", "partition=\"2 of 2\"")).isEqualTo(ROWS / 2);
        assertThat(value(scrape, "a2e_rows_finished", "partition=\"1 of 2\"", "state=\"completed\"")).isEqualTo(ROWS / 2);
        long completed = Files.readAllLines(results).stream().filter(line -> line.contains(",completed,")).count();
        assertThat(completed).isEqualTo(ROWS);
        assertThat(value(scrape, "a2e_ledger_rows", "state=\"completed\"")).isEqualTo(completed);
        assertThat(value(scrape, "a2e_requests_rate_limited_total", "partition=\"1 of 2\"")
                + value(scrape, "a2e_requests_rate_limited_total", "partition=\"2 of 2\"")).isZero();
        Matcher requests = Pattern.compile("requests: (\\d+) this session").matcher(summary);
        assertThat(requests.find()).as(summary).isTrue();
        assertThat(sum(scrape, "a2e_requests_total")).as(scrape).isEqualTo(Long.parseLong(requests.group(1)));
    }

    private static URI awaitUrl(SyncedBuffer err, CompletableFuture<ExitCode> run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && !run.isDone()) {
            Matcher m = URL.matcher(err.text());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no metrics URL announced: " + err.text() + (run.isDone()
                ? " (the run ended: " + run.handle((code, e) -> code + " " + e).join() + ")" : ""));
    }

    /** The value of the one series of {@code name} whose labels include every one of {@code labels}. */
    private static long value(String scrape, String name, String... labels) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && List.of(labels).stream().allMatch(l::contains))
                .mapToLong(MetricsPortTest::number).reduce((a, b) -> {
                    throw new AssertionError("several series of " + name + " with " + List.of(labels));
                }).orElseThrow(() -> new AssertionError("no series of " + name + " with " + List.of(labels)));
    }

    private static long sum(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{")).mapToLong(MetricsPortTest::number).sum();
    }

    private static long number(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** Standard error, read by the test while the run writes it. */
    private static final class SyncedBuffer extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
