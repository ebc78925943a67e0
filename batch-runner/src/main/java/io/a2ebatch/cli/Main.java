package io.a2ebatch.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code a2e-batch.jar}: {@code validate MANIFEST}, {@code run MANIFEST ...},
 * {@code download MANIFEST --to DIR}, {@code generate ...}, {@code help}. Only {@code run} starts Spring; {@code validate} reads the manifest and the bundled
 * spec and nothing else.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(Arrays.asList(args), System.out, System.err).code());
    }

    /** Runs one command and returns its exit code; never calls {@code System.exit}. */
    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || isHelp(args.get(0))) {
            out.print(Help.TEXT);
            return args.isEmpty() ? ExitCode.USAGE : ExitCode.SUCCESS;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.stream().anyMatch(Main::isHelp)) {
            out.print(Help.TEXT);
            return ExitCode.SUCCESS;
        }
        return switch (args.get(0)) {
            case "validate" -> ValidateCommand.execute(rest, out, err);
            case "run" -> RunCommand.execute(rest, out, err);
            case "generate" -> GenerateCommand.execute(rest, out, err);
            case "download" -> DownloadCommand.execute(rest, out, err);
            default -> {
                err.println("a2e-batch: unknown command '" + args.get(0) + "'. Commands: validate, run, download, generate, help.");
                yield ExitCode.USAGE;
            }
        };
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }
}
