package io.a2ebatch.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where results go and how progress shows ({@code a2e.output.*}).
 *
 * @param results          results CSV ({@code --results}); default {@code <manifest>.results.csv} in the
 *                         working directory
 * @param rejects          rejects CSV ({@code --rejects}); default next to the results, {@code .rejects.csv}
 * @param progress         {@code auto} (a live line on a terminal, log lines otherwise), {@code tty},
 *                         {@code log} or {@code none} ({@code --progress})
 * @param progressInterval time between progress log lines when not on a terminal
 * @param quiet            no progress and no information lines ({@code --quiet})
 * @param debug            stack traces and library logs on the screen too ({@code --debug}; read by
 *                         logback-spring.xml)
 */
@ConfigurationProperties("a2e.output")
public record OutputProperties(Path results, Path rejects, Progress progress, Duration progressInterval, boolean quiet,
                               boolean debug) implements SelfValidating {

    /** How progress is shown. */
    public enum Progress { AUTO, TTY, LOG, NONE }

    @Override
    public void check(Constraints c) {
        c.notNull("progress", progress);
        c.notNull("progressInterval", progressInterval);
    }
}
