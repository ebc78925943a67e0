package io.a2ebatch.benchmarks.fleet;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.benchmarks.manifest.GeneratedManifest;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.benchmarks.suite.Machine;
import io.a2ebatch.fleet.FleetThrottleConfiguration;
import io.a2ebatch.benchmarks.throughput.Throughput.StartTimes;
import io.a2ebatch.simulator.A2eSimulator;
import io.github.bucket4j.BucketConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A fleet's throughput with 1, 2 and 3 worker processes, and the shared bucket's cost per permit against
 * the local limiter, in one run (issue 13). Every configuration runs the same N rows against an
 * in-process simulator with no rate limit (tasks of {@link #TASK_TIME}, polled each {@link #POLL}), with
 * an embedded Artemis broker and a fresh PostgreSQL database each, the runners allowed 10,000 requests a
 * second and N tasks in flight: a plain {@code run} on PostgreSQL (the baseline: no partitions, no
 * shared bucket), and a manager with K partitions and K {@code worker} processes, each of which takes
 * every permit from the fleet's Bucket4j bucket. The four configurations run in rotating order, TURNS
 * times; the figures are medians. Workers are started, and have said they take partitions, before the
 * manager starts. Every process has a pool of {@link #POOL} connections. Figures: starts per second at
 * the simulator (first start to last), the fleet line's rows per second (the partitions' span), and the
 * manager's wall time.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.a2ebatch.benchmarks.fleet.FleetThroughput
 * [ROWS [OUT-DIR [TURNS]]]} (3,000 rows, 3 turns) from the repository's root, after
 * {@code mvn -DskipTests package}; PostgreSQL from {@code scripts/postgres.sh start}
 * ({@code A2E_TEST_POSTGRES_URL}; databases are created as its superuser {@code postgres} and dropped
 * afterwards). Writes {@code fleet-DATE.md} and {@code .json} to OUT-DIR ({@code benchmarks/results}).
 */
public final class FleetThroughput {

    static final String TOKEN = "sk_test_benchmark_fleet";
    static final String FAMILY = "userImage2Video";
    static final Duration TASK_TIME = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofSeconds(1);
    /**
     * Connections per process: 4 processes of the default 16 would take 64 of a shared test server's
     * 100 slots; the plain run gets the same, so the ratios compare like with like. It must exceed
     * {@link #SUBMITTERS}: each start request holds a connection while it takes its permit from the
     * fleet's bucket, and a worker whose pool ran dry for 5 s stopped its partition (6 connections and
     * 16 submitters did, in a first attempt).
     */
    static final int POOL = 10;
    /** Start requests in progress at once, per process (the default). */
    static final int SUBMITTERS = 8;
    private static final Pattern FLEET_LINE = Pattern.compile("fleet: .* in ([\\d.]+) s: (\\d+) rows sent \\(([\\d.]+)/s\\)");

    /**
     * One configuration's figures.
     *
     * @param label           {@code run} or {@code K worker(s)}
     * @param workers         worker processes (0 for the plain run)
     * @param startsPerSecond (starts − 1) ÷ (first start → last start), at the simulator
     * @param fleetRowsPerSecond the manager's fleet line (NaN for the plain run)
     * @param wallSeconds     the run's or manager's launch to exit
     */
    record Figures(String label, int workers, double startsPerSecond, double fleetRowsPerSecond, double wallSeconds) {
    }

    private FleetThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/results");
        int turns = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String pgUrl = System.getenv().getOrDefault("A2E_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:55432/a2e");
        Path launcher = Path.of("bin/a2e-batch").toAbsolutePath();
        Path work = Files.createTempDirectory("a2e-fleet-bench");
        String loadBefore = Machine.currentLoadAverage();

        double localNanos = SharedBucketCost.localNanosPerPermit(1_000_000);
        SharedBucketCost.createTable(pgUrl);
        BucketConfiguration unlimited = FleetThrottleConfiguration.bucket(10_000_000, 10_000_000);
        int permits = 2000;
        long bucketStart = System.nanoTime();
        SharedBucketCost.runCallers(pgUrl, 1, permits, unlimited);
        double bucketNanos = (System.nanoTime() - bucketStart) / (double) permits;

        Path manifest = GeneratedManifest.of(work.resolve("fleet-" + rows + ".csv"), rows, FAMILY);
        Path token = Files.writeString(work.resolve("token"), TOKEN + "\n");
        List<Figures> figures = new ArrayList<>();
        String brokerUrl = "tcp://127.0.0.1:" + freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .addAcceptorConfiguration("tcp", brokerUrl)
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false));
        broker.start();
        try {
            for (int turn = 0; turn < turns; turn++) {
                for (int i = 0; i <= 3; i++) {
                    int workers = (i + turn) % 4; // each configuration in every position once over 4 turns
                    figures.add(onceRetried(workers, rows, manifest, token, launcher, pgUrl, work, brokerUrl));
                    System.out.println(figures.get(figures.size() - 1));
                }
            }
        } finally {
            broker.stop();
        }
        String loadAfter = Machine.currentLoadAverage();
        List<Figures> medians = new ArrayList<>();
        for (int workers = 0; workers <= 3; workers++) {
            medians.add(median(figures, workers));
        }
        String md = markdown(rows, turns, medians, figures, localNanos, bucketNanos, loadBefore, loadAfter);
        System.out.print(md);
        Files.createDirectories(out);
        String date = LocalDate.now().toString();
        Files.writeString(out.resolve("fleet-" + date + ".md"), md);
        Files.writeString(out.resolve("fleet-" + date + ".json"), json(rows, figures, localNanos, bucketNanos,
                loadBefore, loadAfter));
    }

    /** The median of each figure over one configuration's turns. */
    static Figures median(List<Figures> all, int workers) {
        List<Figures> own = all.stream().filter(f -> f.workers() == workers).toList();
        return new Figures(own.get(0).label(), workers, median(own, Figures::startsPerSecond),
                median(own, Figures::fleetRowsPerSecond), median(own, Figures::wallSeconds));
    }

    private static double median(List<Figures> figures, java.util.function.ToDoubleFunction<Figures> figure) {
        double[] values = figures.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * One configuration, tried a second time when the first attempt failed: the PostgreSQL server is
     * shared with other builds, whose tests can take every connection slot for a while.
     */
    private static Figures onceRetried(int workers, int rows, Path manifest, Path token, Path launcher, String pgUrl,
                                       Path work, String brokerUrl) throws Exception {
        try {
            return once(workers, rows, manifest, token, launcher, pgUrl, work, brokerUrl);
        } catch (IllegalStateException e) {
            System.out.println("tried again: " + e.getMessage());
            return once(workers, rows, manifest, token, launcher, pgUrl, work, brokerUrl);
        }
    }

    private static Figures once(int workers, int rows, Path manifest, Path token, Path launcher, String pgUrl,
                                Path work, String brokerUrl) throws Exception {
        String label = workers == 0 ? "run" : workers + " worker(s)";
        Path dir = Files.createTempDirectory(work, workers == 0 ? "run-" : "fleet-" + workers + "-");
        String database = "a2e_bench_fleet_" + workers + "_" + ProcessHandle.current().pid();
        createDatabase(pgUrl, database);
        StartTimes starts = new StartTimes();
        List<Process> workerProcesses = new ArrayList<>();
        try (A2eSimulator simulator = A2eSimulator.builder().tokens(TOKEN).credits(Long.MAX_VALUE / 4).rateLimit(0)
                .maxProcessing(1_000_000).taskDuration(TASK_TIME).dispatchStep(Duration.ofMillis(10)).seed(1L)
                .listener(starts).start()) {
            List<String> common = List.of("--base-url", simulator.baseUrl().toString(), "--token-file", token.toString(),
                    "--rate-limit", "10000", "--max-in-flight", Integer.toString(rows), "--submit-concurrency", Integer.toString(SUBMITTERS),
                    "--poll-interval", POLL.toMillis() + "ms", "--progress", "none",
                    "--jdbc-url", databaseUrl(pgUrl, database), "--jdbc-user", "a2e",
                    "--spring.datasource.hikari.maximum-pool-size=" + POOL);
            for (int w = 1; w <= workers; w++) {
                List<String> args = new ArrayList<>(List.of("worker", "--broker", brokerUrl,
                        "--state-dir", dir.resolve("worker-" + w).toString()));
                args.addAll(common);
                workerProcesses.add(start(launcher, args, dir.resolve("worker-" + w + ".log")));
            }
            for (int w = 1; w <= workers; w++) {
                awaitLine(dir.resolve("worker-" + w + ".log"), "taking partitions from", workerProcesses.get(w - 1));
            }
            List<String> args = new ArrayList<>(List.of("run", manifest.toString(),
                    "--results", dir.resolve("results.csv").toString(), "--state-dir", dir.resolve("manager").toString()));
            if (workers > 0) {
                args.addAll(List.of("--partitions", Integer.toString(workers), "--broker", brokerUrl));
            }
            args.addAll(common);
            long launched = System.nanoTime();
            Process manager = start(launcher, args, dir.resolve("manager.log"));
            if (!manager.waitFor(Math.max(600, rows / 5), TimeUnit.SECONDS)) {
                manager.destroyForcibly().waitFor();
                throw new IllegalStateException(label + " did not finish " + rows + " rows in time; see " + dir);
            }
            double wall = (System.nanoTime() - launched) / 1e9;
            if (manager.exitValue() != 0 || starts.count() != rows) {
                throw new IllegalStateException(label + " ended with " + manager.exitValue() + " after "
                        + starts.count() + " of " + rows + " starts; see " + dir);
            }
            double fleetRate = Double.NaN;
            Matcher m = FLEET_LINE.matcher(Files.readString(dir.resolve("manager.log")));
            if (m.find()) {
                fleetRate = Double.parseDouble(m.group(3));
            }
            return new Figures(label, workers, (rows - 1) / starts.spanSeconds(), fleetRate, wall);
        } finally {
            for (Process p : workerProcesses) {
                p.destroy();
            }
            for (Process p : workerProcesses) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
            dropDatabase(pgUrl, database);
        }
    }

    private static Process start(Path launcher, List<String> args, Path log) throws IOException {
        ProcessBuilder builder = RunnerCommand.launcher(launcher).processBuilder(List.of(), args);
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", "a2e");
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits (at most 5 minutes) for {@code process} to write {@code line} to {@code log}. */
    private static void awaitLine(Path log, String line, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("a worker ended before it took partitions; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("a worker did not start within 5 minutes; see " + log);
    }

    private static String databaseUrl(String pgUrl, String database) {
        URI server = URI.create(pgUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;
    }

    private static Connection admin(String pgUrl) throws SQLException {
        return DriverManager.getConnection(databaseUrl(pgUrl, "postgres"), "postgres", "");
    }

    private static void createDatabase(String pgUrl, String database) throws SQLException {
        try (Connection c = admin(pgUrl)) {
            c.createStatement().execute("CREATE DATABASE " + database + " OWNER a2e");
        }
    }

    private static void dropDatabase(String pgUrl, String database) throws SQLException {
        try (Connection c = admin(pgUrl)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    static String markdown(int rows, int turns, List<Figures> figures, List<Figures> all, double localNanos,
                           double bucketNanos, String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder();
        s.append("# Fleet throughput (issue 13), ").append(LocalDate.now()).append("\n\n");
        s.append(String.format(Locale.ROOT, "%d rows of %s, tasks of %d s polled every %d s, a simulator with no"
                + " limit in the benchmark's JVM, embedded Artemis, PostgreSQL (a fresh database each), every process"
                + " on this machine. Load before: `%s`; after: `%s`. Cores: %d. Medians of %d turns, the configurations in"
                + " rotating order.%n%n", rows, FAMILY,
                TASK_TIME.toSeconds(), POLL.toSeconds(), loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(), turns));
        Figures one = figures.stream().filter(f -> f.workers() == 1).findFirst().orElseThrow();
        Figures run = figures.get(0);
        s.append("| configuration | starts/s at the simulator (median) | turns | × 1 worker | × plain run | fleet line"
                + " rows/s | manager wall s |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Figures f : figures) {
            String turnsOf = all.stream().filter(t -> t.workers() == f.workers())
                    .map(t -> String.format(Locale.ROOT, "%.0f", t.startsPerSecond()))
                    .collect(java.util.stream.Collectors.joining(", "));
            s.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.2f | %.2f | %s | %.1f |%n", f.label(),
                    f.startsPerSecond(), turnsOf, f.startsPerSecond() / one.startsPerSecond(),
                    f.startsPerSecond() / run.startsPerSecond(),
                    Double.isNaN(f.fleetRowsPerSecond()) ? "—" : String.format(Locale.ROOT, "%.0f", f.fleetRowsPerSecond()),
                    f.wallSeconds()));
        }
        s.append(String.format(Locale.ROOT, "%nPer permit: local RateLimiter %.0f ns; the fleet's shared bucket in"
                        + " PostgreSQL (1 caller) %.0f µs = × %.0f the local one's cost.%n", localNanos,
                bucketNanos / 1000, bucketNanos / localNanos));
        return s.toString();
    }

    private static String json(int rows, List<Figures> figures, double localNanos, double bucketNanos,
                               String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder("{\n");
        s.append(String.format(Locale.ROOT, "  \"date\": \"%s\",%n  \"rows\": %d,%n  \"load_before\": \"%s\",%n"
                        + "  \"load_after\": \"%s\",%n  \"local_permit_ns\": %.0f,%n  \"shared_permit_ns\": %.0f,%n"
                        + "  \"configurations\": [%n", LocalDate.now(), rows, loadBefore.strip(), loadAfter.strip(),
                localNanos, bucketNanos));
        for (int i = 0; i < figures.size(); i++) {
            Figures f = figures.get(i);
            s.append(String.format(Locale.ROOT, "    {\"label\": \"%s\", \"workers\": %d, \"starts_per_s\": %.1f,"
                            + " \"fleet_rows_per_s\": %s, \"wall_s\": %.1f}%s%n", f.label(), f.workers(),
                    f.startsPerSecond(), Double.isNaN(f.fleetRowsPerSecond()) ? "null"
                            : String.format(Locale.ROOT, "%.1f", f.fleetRowsPerSecond()), f.wallSeconds(),
                    i < figures.size() - 1 ? "," : ""));
        }
        return s.append("  ]\n}\n").toString();
    }
}
