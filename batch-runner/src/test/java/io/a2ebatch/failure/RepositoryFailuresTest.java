package io.a2ebatch.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.TransactionSystemException;

class RepositoryFailuresTest {

    @Test
    void aGroupWriteWhoseRollbackFailedAfterItsConnectionBrokeIsAnOutage() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("rollback not possible"));
        rollbackFailed.initApplicationException(new TransientDataAccessResourceException("PreparedStatementCallback",
                new SQLTransientConnectionException("An I/O error occurred while sending to the backend", "08006")));

        assertThat(RepositoryFailures.isUnavailable(rollbackFailed)).isTrue();
    }

    @Test
    void aRollbackThatFailedForAnotherReasonIsNot() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("rollback not possible"));
        rollbackFailed.initApplicationException(new IllegalStateException("a row is not in the expected state"));

        assertThat(RepositoryFailures.isUnavailable(rollbackFailed)).isFalse();
    }
}
