package io.a2ebatch.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged a2e-simulator.jar, started from the command line as a user would. */
class StandaloneJarIT {

    private static final Pattern LISTENING = Pattern.compile("A2E simulator listening on (http://\\S+)");
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");

    @TempDir
    Path dir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("a2e.simulator.jar", "target/a2e-simulator.jar"));
        assertThat(jar).as("run `mvn package` first").exists();
        return jar;
    }

    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String readAll(Process process) throws Exception {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process ended").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void servesTheApiOnAFreePortAndStopsCleanlyOnSigterm() throws Exception {
        String token = "sk_test_standalone_jar_01";
        Path tokens = Files.writeString(dir.resolve("tokens"), token + "\n");
        Process process = launch("--port", "0", "--token-file", tokens.toString(), "--seed", "4",
                "--task-duration", "0", "--dispatch-step", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            URI base = null;
            // A simulator that never prints its URL is killed, which ends the read below: no hang.
            CompletableFuture<Void> watchdog = CompletableFuture.runAsync(process::destroyForcibly,
                    CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS));
            while (base == null) {
                String line = out.readLine();
                assertThat(line).as("output so far: %s", lines).isNotNull();
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    base = URI.create(m.group(1));
                }
            }
            watchdog.cancel(false);
            ApiClient api = new ApiClient(base, token);
            String id = api.startOk(I2V, SampleBodies.validJson(I2V, "from-the-jar"));
            assertThat(api.detail(I2V, id).data().get("current_status").asString()).isEqualTo("completed");
            assertThat(api.as(null).get("/__a2e/stats").json().get("tasks_by_name").get("from-the-jar").asLong())
                    .isEqualTo(1);

            process.toHandle().destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("A2E simulator stopped");
            assertThat(String.join("\n", lines) + rest).doesNotContain(token).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void printsHelpListingEveryOption() throws Exception {
        Process process = launch("--help");

        String help = readAll(process);

        assertThat(process.exitValue()).isZero();
        assertThat(help).contains("Usage: java -jar a2e-simulator.jar", "Exit status:", "--version", "--port", "--bind", "--token", "--token-file",
                "--credits", "--rate-limit", "--max-processing", "--task-duration", "--failure-rate", "--error-rate",
                "--fault-rate", "--latency", "--seed", "--task-timeout", "--task-cost", "--state-dir",
                "--request-log-size");
    }

    @Test
    void exitsWithStatusTwoOnABadOption() throws Exception {
        Process process = launch("--failure-rate", "5");

        String output = readAll(process);

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("'--failure-rate': 5 is not a share of 0..1", "Run with --help")
                .doesNotContain("Exception");
    }

    @Test
    void printsItsVersionFromTheBuild() throws Exception {
        Process process = launch("--version");

        String output = readAll(process);

        assertThat(process.exitValue()).isZero();
        assertThat(output).startsWith("a2e-simulator 0.").contains("WireMock 3.13.2").doesNotContain("unknown");
    }

    @Test
    void exitsWithStatusOneWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process process = launch("--port", String.valueOf(taken.getLocalPort()));

            String output = readAll(process);

            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(output).contains("cannot start", "choose another port");
        }
    }
}
