package io.a2ebatch.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a run is identified and what a pass does ({@code a2e.run.*}).
 *
 * @param name            {@code --run-name}; empty: the manifest's canonical path
 * @param dryRun          {@code --dry-run}: print the plan and send nothing
 * @param retryFailed     {@code --retry-failed}: resubmit rows whose task failed at A2E, as a new attempt
 * @param resubmitChanged {@code --resubmit-changed}: resubmit finished rows whose request changed
 * @param resendInDoubt   {@code --resend-in-doubt}: send again rows whose start is in doubt and whose
 *                        provider cannot be asked whether a task exists (no list, no name); may create a
 *                        second task
 * @param tag             set by the command line from the run name, never by the user: names the run's
 *                        embedded database ({@code runs/<tag>/jobrepo} in the state directory)
 */
@ConfigurationProperties("a2e.run")
public record RunProperties(String name, boolean dryRun, boolean retryFailed, boolean resubmitChanged,
                            boolean resendInDoubt, String tag) {
}
