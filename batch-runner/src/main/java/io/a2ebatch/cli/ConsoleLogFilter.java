package io.a2ebatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Decides which log events reach the screen (logback-spring.xml). Without {@code --debug}, only
 * a2e-batch's own lines do (and with {@code --quiet} only its warnings and errors), printed without
 * stack traces; Spring's, Spring Batch's, H2's and Hikari's go to the log file only. With
 * {@code --debug} everything reaches the screen, traces included (through the other console appender).
 */
public final class ConsoleLogFilter extends Filter<ILoggingEvent> {

    private boolean debug;
    private boolean quiet;
    private boolean debugAppender;

    public void setDebug(boolean debug) {
        this.debug = debug;
    }

    public void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    /** Whether this filter guards the appender used with {@code --debug}. */
    public void setDebugAppender(boolean debugAppender) {
        this.debugAppender = debugAppender;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (debugAppender) {
            return debug ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
        if (debug) {
            return FilterReply.DENY;
        }
        String logger = event.getLoggerName();
        if (!logger.startsWith("io.a2ebatch.")) {
            return FilterReply.DENY;
        }
        if (quiet && !event.getLevel().isGreaterOrEqual(Level.WARN)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
