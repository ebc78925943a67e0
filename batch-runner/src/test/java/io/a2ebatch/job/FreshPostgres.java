package io.a2ebatch.job;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for one test, created as the superuser {@code postgres} on the test
 * server ({@code A2E_TEST_POSTGRES_URL}, default the port {@code scripts/postgres.sh} uses), owned by
 * {@code a2e}, and dropped afterwards, so that tests never see each other's rows although they share
 * the server. Without a reachable server the test is skipped and says why.
 */
public final class FreshPostgres implements AutoCloseable {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/a2e";

    private final URI server;
    private final String name;

    private FreshPostgres(URI server, String name) {
        this.server = server;
        this.name = name;
    }

    /** A database named {@code a2e_test_…}. */
    public static FreshPostgres create() {
        return create("a2e_test");
    }

    /** A database whose name starts with {@code prefix} (a lower-case SQL identifier). */
    public static FreshPostgres create(String prefix) {
        String url = System.getenv().getOrDefault("A2E_TEST_POSTGRES_URL", DEFAULT_URL);
        URI server = URI.create(url.substring("jdbc:".length()));
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        DriverManager.setLoginTimeout(3);
        FreshPostgres database = new FreshPostgres(server, name);
        try (Connection c = database.admin()) {
            c.createStatement().execute("CREATE DATABASE " + name + " OWNER a2e");
        } catch (SQLException e) {
            Assumptions.abort("No PostgreSQL reachable as superuser at " + server + " (" + e.getMessage()
                    + "); run `scripts/postgres.sh start` (as .ci/run does) to include the PostgreSQL tests");
        }
        return database;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/postgres", "postgres", "");
    }

    public String host() {
        return server.getHost();
    }

    public int port() {
        return server.getPort();
    }

    /** The database's JDBC URL. */
    public String url() {
        return url(port());
    }

    /** The database's JDBC URL through {@code port} (the server's own, or a proxy's). */
    public String url(int port) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + name;
    }

    /** The runner options that put the job repository in this database. */
    public List<String> runnerOptions() {
        return runnerOptions(port());
    }

    /** The runner options that put the job repository in this database, reached through {@code port}. */
    public List<String> runnerOptions(int port) {
        return List.of("--jdbc-url", url(port), "--jdbc-user", "a2e", "--spring.datasource.password=a2e");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
