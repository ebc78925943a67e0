package io.a2ebatch.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for one test, created as the superuser {@code postgres} on the test
 * server ({@code A2E_TEST_POSTGRES_URL}, default the port {@code scripts/postgres.sh} uses), owned by
 * {@code a2e}, and dropped afterwards. Other tests use the same server at the same time. Without a
 * reachable server the test is skipped and says why.
 */
public final class FreshPostgres implements AutoCloseable {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/a2e";

    private final String adminUrl;
    private final String name;
    private final String url;

    private FreshPostgres(String adminUrl, String name, String url) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    public static FreshPostgres create() {
        String base = System.getenv().getOrDefault("A2E_TEST_POSTGRES_URL", DEFAULT_URL);
        String server = base.substring(0, base.lastIndexOf('/') + 1);
        String name = "a2e_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        DriverManager.setLoginTimeout(3);
        try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name + " OWNER a2e");
        } catch (SQLException e) {
            Assumptions.abort("No PostgreSQL reachable as superuser at " + server + " (" + e.getMessage()
                    + "); run `scripts/postgres.sh start` (as .ci/run does) to include the PostgreSQL tests");
        }
        return new FreshPostgres(server + "postgres", name, server + name);
    }

    public String url() {
        return url;
    }

    /** The runner options that point it at this database. */
    public java.util.List<String> runnerOptions() {
        return java.util.List.of("--jdbc-url", url, "--jdbc-user", "a2e", "--spring.datasource.password=a2e");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
