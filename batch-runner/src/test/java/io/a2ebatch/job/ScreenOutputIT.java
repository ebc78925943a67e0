package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's terminal shows for ordinary mistakes, from a real {@code bin/a2e-batch}:
 * one or two lines and the README's exit code; nothing from Spring's failure analyzers, banners or
 * context warnings, and no stack trace (those go to the state directory's log file).
 */
class ScreenOutputIT {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private record Screen(int exit, String text) {
    }

    private Screen run(String... arguments) throws Exception {
        Path log = Files.createTempFile(dir, "screen", ".txt");
        List<String> args = new ArrayList<>(List.of(arguments));
        RunnerProcess process = RunnerProcess.command(log, args);
        int exit = process.awaitExit(LIMIT);
        return new Screen(exit, process.output());
    }

    private static void assertClean(Screen screen) {
        assertThat(screen.text()).doesNotContain("\tat ", "Exception", "APPLICATION FAILED TO START", "WARN",
                "ERROR", "Spring", "HikariPool");
    }

    private Path manifest() throws Exception {
        Path manifest = dir.resolve("m.csv");
        Files.writeString(manifest, "key,type,prompt\na,userText2Image,A harbour\n");
        return manifest;
    }

    @Test
    void anEmptyManifestShowsTwoLinesAndExitsTwo() throws Exception {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        Screen screen = run("run", empty.toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(screen.exit()).as(screen.text()).isEqualTo(2);
        assertThat(screen.text()).startsWith("a2e-batch run: empty.csv: is empty; the first line must be the header");
        assertThat(screen.text().lines()).hasSize(2);
        assertClean(screen);
    }

    @Test
    void noTokenShowsOneLineWithoutSpringsWarning() throws Exception {
        Screen screen = run("run", manifest().toString(), "--state-dir", dir.resolve("state").toString(),
                "--results", dir.resolve("r.csv").toString());
        assertThat(screen.exit()).as(screen.text()).isEqualTo(2);
        assertThat(screen.text()).isEqualTo("a2e-batch run: No A2E API token: set A2E_API_TOKEN, or put the token in a"
                + " file and pass --token-file FILE (or set A2E_API_TOKEN_FILE). Tokens are never taken from the command"
                + " line, where they would end up in shell history and process lists." + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("state").resolve("a2e-batch.log"))).contains("TokenUnavailableException");
    }

    @Test
    void aConstraintOnAPropertyShowsOneLineNotSpringsBanner() throws Exception {
        Files.writeString(dir.resolve("token"), "sk_test_screen\n");
        Screen screen = run("run", manifest().toString(), "--state-dir", dir.resolve("state").toString(),
                "--token-file", dir.resolve("token").toString(), "--a2e.throttle.burst=0");
        assertThat(screen.exit()).as(screen.text()).isEqualTo(2);
        assertThat(screen.text()).startsWith("a2e-batch run: invalid configuration: a2e.throttle.burst = 0: must be"
                + " greater than or equal to 1");
        assertThat(screen.text().lines()).hasSize(1);
        assertClean(screen);
    }

    @Test
    void aClosedPortShowsTheUrlAndConnectionRefused() throws Exception {
        Files.writeString(dir.resolve("token"), "sk_test_screen\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Screen screen = run("run", manifest().toString(), "--state-dir", dir.resolve("state").toString(),
                "--token-file", dir.resolve("token").toString(), "--results", dir.resolve("r.csv").toString(),
                "--base-url", "http://127.0.0.1:" + port);
        assertThat(screen.exit()).as(screen.text()).isEqualTo(3);
        assertThat(screen.text()).isEqualTo("a2e-batch run: cannot connect to http://127.0.0.1:" + port
                + " (connection refused); check --base-url and the network, then run the same command again"
                + " (nothing was sent)" + System.lineSeparator());
    }

    @Test
    void versionAndAnOutOfRangeOptionNeedNoSpring() throws Exception {
        Screen version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.text()).isEqualTo("a2e-batch " + Cli.version() + System.lineSeparator());
        Screen zero = run("run", "m.csv", "--rate-limit", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.text()).isEqualTo("a2e-batch run: --rate-limit 0 is out of range; give requests per second"
                + " from 0.001 to 10000" + System.lineSeparator() + "  (see a2e-batch run --help)" + System.lineSeparator());
    }
}
