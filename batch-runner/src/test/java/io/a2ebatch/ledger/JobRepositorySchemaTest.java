package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh H2 job repository: its tables are written to the file by the time the schema is created, not when
 * the database closes (a run killed right after its start must find them, or none), and the write delay the
 * connection was opened with is the database's again afterwards.
 */
class JobRepositorySchemaTest {

    @TempDir
    Path dir;

    @Test
    void aFreshSchemaIsInTheFileBeforeTheDatabaseClosesAndTheWriteDelayIsBackToZero() throws Exception {
        JdbcDataSource ds = LedgerFixture.h2(dir.resolve("jobrepo"), "");
        // Held open, so that H2 does not close (and write) the database when the schema's connection closes.
        try (Connection open = ds.getConnection()) {
            new JobRepositorySchema(ds).afterPropertiesSet();

            Files.copy(dir.resolve("jobrepo.mv.db"), dir.resolve("copy.mv.db"));
            try (Connection read = LedgerFixture.h2(dir.resolve("copy"), "").getConnection()) {
                assertThat(tableExists(read, "BATCH_JOB_INSTANCE")).isTrue();
                assertThat(tableExists(read, "A2E_ROW")).isTrue();
                assertThat(tableExists(read, "A2E_REQUEST")).isTrue();
            }
            assertThat(writeDelay(open)).isZero();
        }
    }

    @Test
    void aWriteDelayOfTheUsersOwnIsKept() throws Exception {
        JdbcDataSource ds = LedgerFixture.h2(dir.resolve("jobrepo"), "");
        ds.setURL(ds.getURL().replace("WRITE_DELAY=0", "WRITE_DELAY=250"));
        try (Connection open = ds.getConnection()) {
            new JobRepositorySchema(ds).afterPropertiesSet();

            assertThat(writeDelay(open)).isEqualTo(250);
            assertThat(tableExists(open, "A2E_ROW")).isTrue();
        }
    }

    private static long writeDelay(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            rs.next();
            return Long.parseLong(rs.getString(1).strip());
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }
}
