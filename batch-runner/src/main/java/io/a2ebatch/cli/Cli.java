package io.a2ebatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.a2ebatch.cli.CliOption.Command;
import io.a2ebatch.spec.text.Suggestions;
import io.a2ebatch.run.RunIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line of {@code a2e-batch}: builds picocli's parser and help from {@link Options}, checks
 * every value with its option's {@link ValueType}, and hands the command a typed request. Every
 * mistake ends here as one or two lines naming the option, with exit code 2.
 */
public final class Cli {

    static final String NAME = "a2e-batch";
    private static final List<String> PROPERTY_PREFIXES = List.of("--a2e.", "--spring.", "--logging.");
    private static final List<String> TOKEN_OPTIONS = List.of("--token", "--api-token", "--a2e.api.token");

    private Cli() {
    }

    /** Parses {@code args} and runs the command; never calls {@code System.exit}. */
    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            out.print(rootHelp());
            return ExitCode.USAGE;
        }
        String first = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (first) {
            case "--version", "-V", "version" -> {
                out.println(NAME + " " + version());
                return ExitCode.SUCCESS;
            }
            case "--help", "-h", "help" -> {
                Optional<Command> command = rest.isEmpty() ? Optional.empty() : command(rest.get(0));
                out.print(command.map(c -> commandLine(c).getUsageMessage()).orElseGet(Cli::rootHelp));
                return ExitCode.SUCCESS;
            }
            default -> {
                // fall through to the commands
            }
        }
        Optional<Command> command = command(first);
        if (command.isEmpty()) {
            err.println(NAME + ": unknown command '" + first + "'"
                    + Suggestions.didYouMean(first, Arrays.stream(Command.values()).map(Command::word).toList())
                    + " Commands: run, plan, download, validate, generate, worker, help.");
            return ExitCode.USAGE;
        }
        Command c = command.get();
        boolean debug = rest.contains("--debug");
        try {
            return switch (c) {
                case RUN, PLAN -> RunCommand.execute(parseRun(c, rest, out), out, err);
                case DOWNLOAD -> DownloadCommand.execute(parseRun(c, rest, out), out, err);
                case WORKER -> WorkerCommand.execute(parseRun(c, rest, out), out, err);
                case VALIDATE -> {
                    Parsed parsed = parse(c, rest);
                    if (parsed.helpShown(out)) {
                        yield ExitCode.SUCCESS;
                    }
                    yield ValidateCommand.execute(parsed.manifest(), parsed.value("--max-errors").map(Long::parseLong)
                            .orElse(Long.MAX_VALUE), out, err);
                }
                case GENERATE -> {
                    Parsed parsed = parse(c, rest);
                    if (parsed.helpShown(out)) {
                        yield ExitCode.SUCCESS;
                    }
                    long rows = parsed.value("--rows").map(Long::parseLong).orElseThrow(
                            () -> new UsageException("how many rows? Give --rows N"));
                    yield GenerateCommand.execute(new GenerateCommand.Request(rows,
                            parsed.value("--seed").map(Long::parseLong).orElseThrow(),
                            parsed.value("--families"), parsed.value("--out").map(Path::of)), out, err);
                }
            };
        } catch (HelpShown shown) {
            return ExitCode.SUCCESS;
        } catch (UsageException e) {
            err.println(NAME + " " + c.word() + ": " + e.getMessage());
            err.println("  (see " + NAME + " " + c.word() + " --help)");
            return ExitCode.USAGE;
        } catch (RuntimeException e) {
            return Failures.internal(NAME + " " + c.word(), e, debug, null, err);
        }
    }

    /**
     * The request of {@code run} or {@code plan}: the manifest and the Spring properties the options
     * and {@code --a2e.*} arguments stand for.
     *
     * @throws UsageException naming the option that is wrong
     */
    public static RunOptions parseRun(Command command, List<String> args, PrintStream out) {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> rest = extractProperties(args, properties);
        Parsed parsed = parse(command, rest);
        if (parsed.helpShown(out)) {
            throw new HelpShown();
        }
        for (CliOption option : Options.of(command)) {
            parsed.value(option.name()).ifPresent(value -> option.property().ifPresent(p -> {
                if (properties.containsKey(p)) {
                    throw new UsageException(option.name() + " and --" + p + " set the same property; keep one");
                }
                properties.put(p, value);
            }));
        }
        if (command == Command.PLAN) {
            properties.put("a2e.run.dry-run", "true");
        }
        properties.computeIfPresent("a2e.state.dir",
                (k, dir) -> Path.of(dir).toAbsolutePath().normalize().toString()); // H2 takes explicit paths only
        if (parsed.manifest() != null) {
            // The embedded job repository is one database per run, named by the run's tag.
            properties.put("a2e.run.tag", RunIdentity.tagOf(RunIdentity.nameOf(parsed.manifest(),
                    properties.get("a2e.run.name"))));
        }
        return new RunOptions(parsed.manifest(), properties);
    }

    /** Takes the {@code --a2e.*}, {@code --spring.*} and {@code --logging.*} arguments out, checked. */
    private static List<String> extractProperties(List<String> args, Map<String, String> properties) {
        List<String> rest = new ArrayList<>();
        ConfigurationKeys keys = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                rest.addAll(args.subList(i, args.size()));
                break;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (TOKEN_OPTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new UsageException("API tokens are never taken from the command line (shell history and"
                        + " process lists would show them): set A2E_API_TOKEN, or pass --token-file FILE");
            }
            if (PROPERTY_PREFIXES.stream().noneMatch(name::startsWith)) {
                rest.add(arg);
                continue;
            }
            String property = name.substring(2);
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value: " + name + "=VALUE");
            }
            if (property.startsWith("a2e.")) {
                if (keys == null) {
                    keys = ConfigurationKeys.scan();
                }
                value = checkProperty(property, value, keys);
            }
            properties.put(property, value);
        }
        return rest;
    }

    private static String checkProperty(String property, String value, ConfigurationKeys keys) {
        if (!keys.contains(property)) {
            throw new UsageException("unknown property --" + property + Suggestions.didYouMean("--" + property,
                    keys.names().stream().map(n -> "--" + n).toList()));
        }
        String option = "--" + property;
        Optional<CliOption> declared = Options.forProperty(property);
        if (declared.isPresent()) {
            return declared.get().type().convert(option, value);
        }
        Class<?> type = keys.type(property);
        if (type == Duration.class) {
            return ValueType.duration(Duration.ZERO, Duration.ofDays(3650), "s").convert(option, value);
        }
        if (type == int.class || type == Integer.class) {
            return ValueType.count(Integer.MIN_VALUE, Integer.MAX_VALUE).convert(option, value);
        }
        if (type == long.class || type == Long.class) {
            return ValueType.anyLong().convert(option, value);
        }
        if (type == double.class || type == Double.class) {
            return ValueType.decimal("-1000000000", "1000000000", "a number").convert(option, value);
        }
        if (type == boolean.class || type == Boolean.class) {
            return ValueType.choice("true", "false").convert(option, value);
        }
        return value;
    }

    private static Optional<Command> command(String word) {
        return Arrays.stream(Command.values()).filter(c -> c.word().equals(word)).findFirst();
    }

    private static Parsed parse(Command command, List<String> args) {
        CommandLine line = commandLine(command);
        ParseResult result;
        try {
            result = line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException e) {
            String unmatched = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            if (unmatched.startsWith("-")) {
                String name = unmatched.contains("=") ? unmatched.substring(0, unmatched.indexOf('=')) : unmatched;
                throw new UsageException("unknown option " + name + Suggestions.didYouMean(name,
                        Options.of(command).stream().map(CliOption::name).toList()));
            }
            throw new UsageException("unexpected argument '" + unmatched + "'"
                    + (takesManifest(command) ? "; " + command.word() + " takes one MANIFEST" : ""));
        } catch (CommandLine.MissingParameterException e) {
            if (e.getMissing().stream().anyMatch(a -> a.isPositional())) {
                throw new UsageException(command.word() + " needs a manifest: " + NAME + " " + command.word()
                        + " MANIFEST.csv [options]");
            }
            OptionSpec option = (OptionSpec) e.getMissing().get(0);
            throw new UsageException(option.longestName() + " needs a value (" + option.paramLabel() + ")");
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (CliOption option : Options.of(command)) {
            OptionSpec matched = result.matchedOption(option.name());
            if (matched != null) {
                String raw = option.type().isFlag() ? "" : matched.getValue();
                values.put(option.name(), option.type().convert(option.name(), raw));
            } else {
                option.defaultValue().ifPresent(d -> {
                    if (option.property().isEmpty()) {
                        values.put(option.name(), d);
                    }
                });
            }
        }
        Path manifest = takesManifest(command) && result.hasMatchedPositional(0)
                ? Path.of(result.matchedPositional(0).<String>getValue()) : null;
        return new Parsed(line, result, values, manifest);
    }

    private static boolean takesManifest(Command command) {
        return command != Command.GENERATE && command != Command.WORKER;
    }

    /** picocli's model of {@code command}, from the declarations. */
    static CommandLine commandLine(Command command) {
        CommandSpec spec = CommandSpec.create().name(NAME + " " + command.word()).mixinStandardHelpOptions(true)
                .version(NAME + " " + version());
        spec.usageMessage().description(describe(command)).footerHeading("%nExit codes:%n").footer(exitCodes())
                .width(100).sortOptions(false); // declaration order groups related options
        if (takesManifest(command)) {
            spec.addPositional(PositionalParamSpec.builder().paramLabel("MANIFEST").arity("1").index("0").required(true)
                    .type(String.class).description("the manifest CSV (docs/manifest.md)").build());
        }
        for (CliOption option : Options.of(command)) {
            OptionSpec.Builder builder = OptionSpec.builder(option.name()).description(helpText(option));
            if (option.type().isFlag()) {
                builder.arity("0").type(boolean.class);
            } else {
                builder.arity("1").type(String.class).paramLabel(option.label());
            }
            spec.addOption(builder.build());
        }
        CommandLine line = new CommandLine(spec);
        line.setExpandAtFiles(false);
        // The last of a repeated option wins, as with Spring properties: `alias a2e='a2e-batch run --rate-limit 5'`
        // followed by `a2e m.csv --rate-limit 10` means 10.
        line.setOverwrittenOptionsAllowed(true);
        return line;
    }

    /** An option's help text: what it does, the property it sets and its default. */
    static String helpText(CliOption option) {
        StringBuilder sb = new StringBuilder(option.description());
        if (!option.type().isFlag()) {
            sb.append(" (").append(option.type().label()).append(")");
        }
        option.property().ifPresent(p -> sb.append(" [").append(p).append("]"));
        if (!option.shownDefault().isEmpty() && !option.type().isFlag()) {
            sb.append(" Default: ").append(option.shownDefault()).append('.');
        }
        return sb.toString().replace("%", "%%");
    }

    private static String[] describe(Command command) {
        return switch (command) {
            case RUN -> new String[] {"Validates the manifest, submits each valid row as an A2E task, follows the tasks"
                    + " to the end and writes a results CSV. Running the same manifest again resumes it: nothing"
                    + " already submitted is submitted again. Every option can also be set in application.yaml or"
                    + " the environment (property in brackets); any other a2e.* or spring.* property as"
                    + " --a2e.PROPERTY=VALUE."};
            case PLAN -> new String[] {"Prints what run would do with the manifest and sends nothing (run --dry-run)."};
            case DOWNLOAD -> new String[] {"Fetches the result files of a run's completed rows that are not on disk yet"
                    + " (from its ledger; partial files are resumed), then rewrites the results CSV with the file"
                    + " columns. Sends nothing to A2E but a detail read for an expired URL."};
            case VALIDATE -> new String[] {"Checks every row against its family's request schema without sending"
                    + " anything; prints each problem as file:line:column field: reason."};
            case GENERATE -> new String[] {"Writes a large valid manifest of mixed families, deterministically."};
            case WORKER -> new String[] {"Runs partitions of fleet runs (run --partitions) as the broker hands them"
                    + " out, against the fleet's PostgreSQL job repository, until stopped (Ctrl-C, SIGTERM)."};
        };
    }

    private static String[] exitCodes() {
        return Arrays.stream(ExitCode.values()).map(c -> "  " + c.code() + "  " + c.meaning()).toArray(String[]::new);
    }

    static String rootHelp() {
        StringBuilder sb = new StringBuilder();
        sb.append(NAME).append(' ').append(version())
                .append(" — run a CSV manifest of A2E jobs: validated, throttled, tracked, restartable.\n\n")
                .append("Usage:\n")
                .append("  a2e-batch run MANIFEST [options]       run or resume the manifest\n")
                .append("  a2e-batch plan MANIFEST [options]      show what run would do; send nothing\n")
                .append("  a2e-batch download MANIFEST --to DIR   fetch the result files of a run\n")
                .append("  a2e-batch validate MANIFEST [options]  check every row; send nothing\n")
                .append("  a2e-batch generate --rows N [options]  write a valid manifest (benchmarks)\n")
                .append("  a2e-batch worker --broker URL --jdbc-url URL  run partitions of fleet runs\n")
                .append("  a2e-batch help [COMMAND] | COMMAND --help | --version\n\n")
                .append("Exit codes:\n");
        for (String line : exitCodes()) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The Maven project version, from a resource filtered at build time. */
    public static String version() {
        try (InputStream in = Cli.class.getResourceAsStream("/a2e/version.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    /** One parsed command line: checked option values by option name, and the manifest. */
    private record Parsed(CommandLine line, ParseResult result, Map<String, String> values, Path manifest) {

        Optional<String> value(String option) {
            return Optional.ofNullable(values.get(option));
        }

        boolean helpShown(PrintStream out) {
            if (result.isUsageHelpRequested()) {
                out.print(line.getUsageMessage());
                return true;
            }
            if (result.isVersionHelpRequested()) {
                out.println(NAME + " " + version());
                return true;
            }
            return false;
        }
    }

    /** {@code --help} or {@code --version} was answered; nothing else to do. */
    private static final class HelpShown extends RuntimeException {
        HelpShown() {
            super(null, null, false, false);
        }
    }
}
