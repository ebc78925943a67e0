package io.a2ebatch.benchmarks.callbacks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.cli.Main;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Issue 12's latency figure: the time from an Aleph task's completion (its {@code completeTime} at the
 * simulator) to its row being recorded ({@code finished_at} in the results), with callbacks off and on,
 * while the simulator drops 30 % of the callbacks and sends 20 % twice. The runner runs in this JVM
 * against a simulator in this JVM (one clock). Usage: {@code CallbackLatency [ROWS] [POLL_INTERVAL_MS]}.
 */
public final class CallbackLatency {

    private static final String TOKEN = "sk_test_callback_latency";

    private CallbackLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Duration poll = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 2000);
        for (boolean callbacks : new boolean[] {false, true}) {
            List<Long> latencies = measure(rows, poll, callbacks);
            System.out.printf(Locale.ROOT, "callbacks %-3s rows %d poll %d ms: completion -> recorded median %d ms,"
                    + " p90 %d ms, max %d ms%n", callbacks ? "on" : "off", latencies.size(), poll.toMillis(),
                    percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 100));
        }
    }

    private static List<Long> measure(int rows, Duration poll, boolean callbacks) throws Exception {
        Path dir = Files.createTempDirectory("callback-latency");
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        StringBuilder manifest = new StringBuilder("key,type,prompt,videoUrl\n");
        for (int i = 1; i <= rows; i++) {
            manifest.append("clip-").append(i).append(",aleph,Make it snow ").append(i)
                    .append(",https://example.com/in-").append(i).append(".mp4\n");
        }
        Path file = Files.writeString(dir.resolve("aleph.csv"), manifest);
        TaskFamily aleph = FamilyCatalog.everyProvider().require("kie.aleph");
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).seed(12)
                .taskDuration(Duration.ofSeconds(2), Duration.ofSeconds(8))
                .callbackDropRate(0.3).callbackDuplicateRate(0.2).start()) {
            List<String> run = new ArrayList<>(List.of("run", file.toString(),
                    "--base-url", sim.baseUrl().toString(), "--token-file", token.toString(),
                    "--kie-base-url", sim.baseUrl().toString(), "--kie-token-file", token.toString(),
                    "--state-dir", dir.resolve("state").toString(), "--results", dir.resolve("results.csv").toString(),
                    "--progress", "none", "--poll-interval", poll.toMillis() + "ms",
                    "--kie-rate-limit", "50", "--kie-max-in-flight", "1000"));
            if (callbacks) {
                run.addAll(List.of("--callback-listen", "127.0.0.1:0"));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExitCode code = Main.execute(run, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            if (code != ExitCode.SUCCESS) {
                throw new IllegalStateException("the run ended " + code + ":\n" + out);
            }
            A2eClient client = new A2eClient(sim.baseUrl(), ApiToken.of(TOKEN),
                    A2eClient.defaultHttpClient(Duration.ofSeconds(5)), Duration.ofSeconds(10), new RequestCounter());
            List<Long> latencies = new ArrayList<>();
            try (Reader in = Files.newBufferedReader(dir.resolve("results.csv"))) {
                for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().get().parse(in)) {
                    var record = client.detail(aleph, row.get("task_id")).data();
                    Instant completed = Instant.parse(ResultFields.text(record, "completeTime"));
                    Instant recorded = Instant.parse(row.get("finished_at"));
                    latencies.add(Duration.between(completed, recorded).toMillis());
                }
            }
            return latencies;
        }
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
