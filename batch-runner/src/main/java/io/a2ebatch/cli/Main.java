package io.a2ebatch.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code a2e-batch.jar}: {@code run}, {@code plan}, {@code validate}, {@code generate},
 * {@code help}, {@code --version} (see {@link Cli}). Only {@code run} and {@code plan} start Spring;
 * {@code validate} reads the manifest and the bundled spec and nothing else.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(Arrays.asList(args), System.out, System.err).code());
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute(args, out, err);
    }
}
