package io.a2ebatch.benchmarks.polling;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * The two servers of {@link PollingBenchmark}, side by side in one JVM for an outside load generator
 * ({@code benchmarks/wrk-polling.sh}): the simulator with {@value PollingBenchmark#TASKS} processing tasks,
 * and the static WireMock stub answering with the simulator's own bytes. It writes, into the directory
 * given, {@code simulator.url}, {@code stub.url}, {@code token}, and {@code detail.requests} and
 * {@code batchDetail.requests} (one request a line: method, path, body), then {@code ready}, and serves
 * until it is stopped.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.a2ebatch.benchmarks.polling.PollingServers DIR
 * </pre>
 */
public final class PollingServers {

    private PollingServers() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: PollingServers DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        TaskFamily family = FamilyCatalog.bundled().require(PollingBenchmark.FAMILY);
        HttpClient http = A2eClient.defaultHttpClient(Duration.ofSeconds(5));
        A2eSimulator simulator = PollingBenchmark.simulator();
        PollingBenchmark.PolledTasks tasks = PollingBenchmark.PolledTasks.create(http, simulator.baseUrl(), family,
                PollingBenchmark.TASKS);
        StaticStubServer stub = StaticStubServer.start(family,
                StaticStubServer.Answer.of(PollingBenchmark.send(http, tasks.detailRequests(simulator.baseUrl()).get(0))),
                StaticStubServer.Answer.of(PollingBenchmark.send(http, tasks.batchDetailRequests(simulator.baseUrl()).get(0))));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stub.close();
            simulator.close();
        }, "polling-servers-stop"));
        Files.writeString(dir.resolve("simulator.url"), simulator.baseUrl().toString());
        Files.writeString(dir.resolve("stub.url"), stub.baseUrl().toString());
        Files.writeString(dir.resolve("token"), PollingBenchmark.TOKEN);
        Files.write(dir.resolve("detail.requests"), tasks.detailPaths().stream().map(p -> "GET " + p).toList());
        Files.write(dir.resolve("batchDetail.requests"), tasks.batchDetailBodies().stream()
                .map(b -> "POST " + tasks.batchDetailPath() + " " + b).toList());
        Files.writeString(dir.resolve("ready"), "ready\n");
        Thread.currentThread().join();
    }
}
