package io.a2ebatch.failure;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells "the job repository cannot be reached" (database stopped, network cut, connection broken)
 * apart from every other failure: the first stops the run as restartable with one line for the user;
 * the others are bugs or data problems. Used by the engine, the launcher and the command line alike,
 * so that a database outage ends the same way wherever it is noticed.
 */
public final class RepositoryFailures {

    /**
     * Full stack traces that the user does not need on screen: this logger goes to the log file in the
     * state directory, and to the screen only with {@code --debug}.
     */
    public static final Logger TRACE = LoggerFactory.getLogger("a2e.trace");

    /** PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now"; H2's "database closed". */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "90098", "90121");

    private RepositoryFailures() {
    }

    /** Whether {@code failure} (or one of its causes) says the job repository cannot be reached. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            // A group write's transaction whose connection broke: its rollback fails too, and that
            // failure hides the one that tells why (the broken connection) as its application exception.
            if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null
                    && isUnavailable(tx.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** A JDBC URL as messages show it: without its settings (H2's {@code ;KEY=VALUE}, JDBC's {@code ?query}). */
    public static String displayUrl(String jdbcUrl) {
        int cut = jdbcUrl.length();
        for (char c : new char[] {';', '?'}) {
            int i = jdbcUrl.indexOf(c);
            if (i > 0) {
                cut = Math.min(cut, i);
            }
        }
        return jdbcUrl.substring(0, cut);
    }

    /** The database's own words for what went wrong, on one line (the deepest SQL message, else the root's). */
    public static String reason(Throwable failure) {
        String reason = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RepositoryOutageException outage) {
                return outage.getMessage();
            }
            // The driver's own words for it are only "The connection attempt failed."
            if (t instanceof UnknownHostException host) {
                return "unknown host " + host.getMessage();
            }
            if (t instanceof SQLException && t.getMessage() != null) {
                reason = t.getMessage();
            }
            root = t;
        }
        if (reason == null) {
            reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
        String line = reason.lines().findFirst().orElse(reason).strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
