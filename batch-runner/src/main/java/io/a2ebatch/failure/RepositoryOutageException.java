package io.a2ebatch.failure;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The job repository stayed out of reach for longer than the run tolerates: the run stops as
 * restartable. Its message says for how long and the database's last words.
 */
public final class RepositoryOutageException extends DataAccessResourceFailureException {

    public RepositoryOutageException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
