package io.a2ebatch.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The command line of {@code run} or {@code plan}, checked and turned into Spring properties (so that
 * every option can also be set in {@code application.yaml} or the environment). Built by {@link Cli}.
 *
 * @param manifest   the manifest to run
 * @param properties Spring properties the options stand for, in order
 */
public record RunOptions(Path manifest, Map<String, String> properties) {

    /** The options as Spring Boot command-line arguments. */
    public String[] springArguments() {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** Whether {@code --debug} was given: traces and library logs on the screen too. */
    public boolean debug() {
        return Boolean.parseBoolean(properties.getOrDefault("a2e.output.debug", "false"));
    }

    /** Whether {@code --dry-run} (or {@code plan}) was given: print the plan, send nothing. */
    public boolean dryRun() {
        return Boolean.parseBoolean(properties.getOrDefault("a2e.run.dry-run", "false"));
    }

    /** Whether {@code --wait-for-owner} was given: wait for the run's owner instead of refusing. */
    public boolean waitForOwner() {
        return Boolean.parseBoolean(properties.getOrDefault("a2e.lease.wait-for-owner", "false"));
    }

    /** The property's value as given on the command line, or {@code fallback}. */
    public String property(String name, String fallback) {
        return properties.getOrDefault(name, fallback);
    }
}
