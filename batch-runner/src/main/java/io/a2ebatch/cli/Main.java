package io.a2ebatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.a2ebatch.client.HttpClientThreads;

/**
 * Entry point of {@code a2e-batch.jar}: {@code run}, {@code plan}, {@code validate}, {@code generate},
 * {@code help}, {@code --version} (see {@link Cli}). Only {@code run} and {@code plan} start Spring;
 * {@code validate} reads the manifest and the bundled spec and nothing else.
 */
public final class Main {

    /** Longest wait for one HTTP client's selector thread to end at exit. */
    private static final Duration EXIT_WAIT = Duration.ofMillis(200);

    private Main() {
    }

    public static void main(String[] args) {
        ExitCode code = execute(Arrays.asList(args), System.out, System.err);
        // The work is done: without this, the JVM's exit waits 0.3 s for the HTTP clients' selector threads.
        HttpClientThreads.stopAll(EXIT_WAIT);
        System.exit(code.code());
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute(args, out, err);
    }
}
