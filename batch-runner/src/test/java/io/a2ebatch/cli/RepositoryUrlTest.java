package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.failure.RepositoryFailures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --jdbc-url} the PostgreSQL server will not let in (no such database, wrong user or password)
 * is the command line's to fix: one line naming the URL, the option and the reason, exit 2, for
 * {@code run}, {@code worker} and {@code run --partitions} alike. A server that cannot be reached is an
 * unreachable job repository: one line, exit 3.
 */
class RepositoryUrlTest {

    private static final String SERVER = System.getenv().getOrDefault("A2E_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:55432/a2e");

    @TempDir
    Path dir;

    private record Result(ExitCode code, String err) {
    }

    @BeforeEach
    void serverIsUp() {
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(SERVER, "a2e", "a2e")) {
            assertThat(c.isValid(3)).isTrue();
        } catch (SQLException e) {
            Assumptions.abort("No PostgreSQL at " + SERVER + " (" + e.getMessage() + "); scripts/postgres.sh start");
        }
    }

    private Result cli(String jdbcUrl, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", dir.toString(), "--jdbc-url", jdbcUrl, "--jdbc-user", "a2e",
                "--spring.datasource.password=a2e"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.execute(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, err.toString(StandardCharsets.UTF_8));
    }

    private String manifest() throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "key,type,image_url\nk1,imageToVideo,https://example.com/a.png\n");
        return file.toString();
    }

    /** The test server's URL with another database name. */
    private static String database(String name) {
        return SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + name;
    }

    @Test
    void aDatabaseTheServerDoesNotHaveIsOneLineAndExit2ForRunFleetAndWorker() throws Exception {
        String url = database("a2e_no_such_database");
        for (Result r : List.of(cli(url, "run", manifest(), "--simulator"),
                cli(url, "run", manifest(), "--simulator", "--partitions", "2", "--workers-in-process"),
                cli(url, "worker", "--broker", "tcp://127.0.0.1:61616"))) {
            assertThat(r.code()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines()).singleElement().asString()
                    .contains("cannot use the job repository " + url + " (--jdbc-url)")
                    .contains("database \"a2e_no_such_database\" does not exist")
                    .contains("create that database").doesNotContain("internal error", "FATAL");
        }
    }

    @Test
    void aPortNothingListensOnStopsTheRunWithOneLineAndExit3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/a2e";
        Result r = cli(url, "run", manifest(), "--simulator");
        assertThat(r.code()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        assertThat(r.err().strip().lines()).singleElement().asString()
                .contains("job repository unavailable (" + url + ")").contains("refused").contains("--jdbc-url")
                .doesNotContain("internal error");
    }

    @Test
    void aRefusedLogInNamesTheUserOptionAndThePassword() {
        // The test server trusts every local user, so the server's refusal is given as its driver raises it.
        SQLException refused = new SQLException("FATAL: password authentication failed for user \"a2e\"", "28P01");
        Failures.UserError error = Failures.translate(new IllegalStateException("bean creation", refused),
                "jdbc:postgresql://db/a2e").orElseThrow();
        assertThat(error.code()).isEqualTo(ExitCode.USAGE);
        assertThat(error.message()).isEqualTo("cannot log in to the job repository jdbc:postgresql://db/a2e"
                + " (--jdbc-url): password authentication failed for user \"a2e\"; check --jdbc-user and the"
                + " password (SPRING_DATASOURCE_PASSWORD)");
    }

    @Test
    void anUnknownHostIsNamedInsteadOfTheDriversConnectionAttemptFailed() {
        SQLException failed = new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("db.example"));
        assertThat(RepositoryFailures.isUnavailable(failed)).isTrue();
        assertThat(RepositoryFailures.reason(failed)).isEqualTo("unknown host db.example");
    }
}
