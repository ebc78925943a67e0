package io.a2ebatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

import io.a2ebatch.client.TokenUnavailableException;
import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.job.RunOwnedException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The one error path for the user: turns a failure into one or two lines that name the option, file
 * or URL and say what to do, with the README's exit code. Full traces go to the log file in the state
 * directory ({@value #LOG_FILE}), and to the screen only with {@code --debug}.
 */
final class Failures {

    /** Name of the log file in the state directory (application.yaml's logging.file.name says the same). */
    static final String LOG_FILE = "a2e-batch.log";

    /**
     * A failure as the user sees it.
     *
     * @param code    exit code
     * @param message one or two lines
     */
    record UserError(ExitCode code, String message) {
    }

    private Failures() {
    }

    /**
     * What a failure of {@code run} means for the user, when it is one a user can cause or fix.
     *
     * @param repository the job repository's URL, for messages
     */
    static Optional<UserError> translate(Throwable failure, String repository) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TokenUnavailableException token) {
                return Optional.of(new UserError(ExitCode.USAGE, token.getMessage()));
            }
            if (t instanceof RunOwnedException active) {
                return Optional.of(new UserError(ExitCode.USAGE, active.getMessage()));
            }
            if (t instanceof UsageException usage) {
                return Optional.of(new UserError(ExitCode.USAGE, usage.getMessage()));
            }
            if (t instanceof BindException bind) {
                return Optional.of(new UserError(ExitCode.USAGE, bindMessage(bind)));
            }
            if (t instanceof java.sql.SQLException sql && "90020".equals(sql.getSQLState())) {
                return Optional.of(new UserError(ExitCode.USAGE, "the job repository " + repository + " is in use"
                        + " by another process; wait for it to end, or give this run its own --state-dir"));
            }
            Optional<UserError> refused = refusedLogIn(t, repository);
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (RepositoryFailures.isUnavailable(failure)) {
            return Optional.of(new UserError(ExitCode.STOPPED_RESTARTABLE, "job repository unavailable ("
                    + repository + "): " + RepositoryFailures.reason(failure)
                    + "; run the same command again to resume (check --jdbc-url if it never worked)"));
        }
        return Optional.empty();
    }

    /**
     * A database server that answers but will not let this process in: the URL names a database it
     * does not have (SQL state 3D000), or the user or password is wrong (class 28). Both are the
     * command line's to fix, not outages to wait out: exit 2, with the option to change.
     */
    private static Optional<UserError> refusedLogIn(Throwable t, String repository) {
        if (!(t instanceof java.sql.SQLException sql) || sql.getSQLState() == null) {
            return Optional.empty();
        }
        String reason = RepositoryFailures.reason(sql).replaceFirst("^(FATAL|ERROR): ", "");
        if ("3D000".equals(sql.getSQLState())) {
            return Optional.of(new UserError(ExitCode.USAGE, "cannot use the job repository " + repository
                    + " (--jdbc-url): " + reason + "; create that database (e.g. createdb), or name one that"
                    + " exists with --jdbc-url"));
        }
        if (sql.getSQLState().startsWith("28")) {
            return Optional.of(new UserError(ExitCode.USAGE, "cannot log in to the job repository " + repository
                    + " (--jdbc-url): " + reason + "; check --jdbc-user and the password"
                    + " (SPRING_DATASOURCE_PASSWORD)"));
        }
        return Optional.empty();
    }

    private static String bindMessage(BindException bind) {
        String property = bind.getName().toString();
        Object value = bind.getProperty() == null ? null : bind.getProperty().getValue();
        String where = "; fix it on the command line, in application.yaml or in the environment";
        if (bind.getCause() instanceof BindValidationException invalid) {
            StringBuilder sb = new StringBuilder();
            for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
                if (!sb.isEmpty()) {
                    sb.append("; ");
                }
                if (error instanceof FieldError field) {
                    sb.append(invalid.getValidationErrors().getName()).append('.')
                            .append(ConfigurationKeys.kebab(field.getField())).append(" = ")
                            .append(field.getRejectedValue()).append(": ").append(field.getDefaultMessage());
                } else {
                    sb.append(error.getDefaultMessage());
                }
            }
            return "invalid configuration: " + sb + where;
        }
        Throwable root = bind;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "invalid value " + (value == null ? "" : "'" + value + "' ") + "for " + property + " ("
                + firstLine(root) + ")" + where;
    }

    /**
     * An unexpected failure: one line on screen pointing at the log file, which gets the trace.
     *
     * @param logFile where the trace goes, or null for the default state directory's log file
     */
    static ExitCode internal(String who, Throwable failure, boolean debug, Path logFile, PrintStream err) {
        Path log = logFile != null ? logFile
                : Preflight.defaultStateDir().resolve(LOG_FILE);
        boolean written = appendTrace(log, who, failure);
        err.println(who + ": internal error: " + firstLine(failure)
                + (written ? "; the details are in " + log : "") + " (please report it)");
        if (debug) {
            failure.printStackTrace(err);
        }
        return ExitCode.INTERNAL_ERROR;
    }

    /** Appends {@code failure}'s trace to {@code log}; false when it cannot. */
    static boolean appendTrace(Path log, String who, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, Instant.now() + " " + who + " failed:" + System.lineSeparator() + trace,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
