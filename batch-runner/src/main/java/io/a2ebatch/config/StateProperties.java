package io.a2ebatch.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the run state lives ({@code a2e.state.*}).
 *
 * @param dir directory of the embedded H2 job repositories (one database per run, under
 *            {@code runs/<run tag>/}) and of the in-process simulator's state ({@code --state-dir});
 *            by default {@code $XDG_STATE_HOME/a2e-batch}, else {@code ~/.local/state/a2e-batch}, so
 *            that any working directory finds a run's state. PostgreSQL is used instead when
 *            {@code spring.datasource.url} points at one
 */
@ConfigurationProperties("a2e.state")
public record StateProperties(Path dir) implements SelfValidating {

    /**
     * The default state directory for this environment: {@code $XDG_STATE_HOME/a2e-batch} when that
     * variable holds an absolute path (the XDG base directory rule), else
     * {@code $HOME/.local/state/a2e-batch}.
     */
    public static Path defaultDir(java.util.Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "a2e-batch");
        }
        return Path.of(userHome, ".local", "state", "a2e-batch");
    }

    @Override
    public void check(Constraints c) {
        c.notNull("dir", dir);
    }
}
