package io.a2ebatch.job;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the shared test PostgreSQL ({@code A2E_TEST_POSTGRES_URL}), created by the
 * superuser for user {@code a2e} and dropped on close, so that tests never see each other's rows.
 * Without a reachable server the calling test is skipped and says why.
 */
final class FreshPostgresDatabase implements AutoCloseable {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/a2e";

    private final URI server;
    private final String name;

    private FreshPostgresDatabase(URI server, String name) {
        this.server = server;
        this.name = name;
    }

    static FreshPostgresDatabase create(String prefix) {
        String url = System.getenv().getOrDefault("A2E_TEST_POSTGRES_URL", DEFAULT_URL);
        URI server = URI.create(url.substring("jdbc:".length()));
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        DriverManager.setLoginTimeout(3);
        FreshPostgresDatabase database = new FreshPostgresDatabase(server, name);
        try (Connection c = database.admin()) {
            c.createStatement().execute("CREATE DATABASE " + name + " OWNER a2e");
        } catch (SQLException e) {
            Assumptions.abort("No PostgreSQL superuser reachable at " + server + " (" + e.getMessage() + "); run"
                    + " `scripts/postgres.sh start` to include this test");
        }
        return database;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/postgres",
                "postgres", "");
    }

    String host() {
        return server.getHost();
    }

    int port() {
        return server.getPort();
    }

    /** The database's JDBC URL through {@code port} (the server's own, or a proxy's). */
    String url(int port) {
        return "jdbc:postgresql://" + server.getHost() + ":" + port + "/" + name;
    }

    /** {@code run} arguments that put the job repository in this database, reached through {@code port}. */
    String[] runArguments(int port) {
        return new String[] {"--jdbc-url", url(port), "--jdbc-user", "a2e", "--spring.datasource.password=a2e"};
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
