package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line built from {@link Options}: each option maps to its property, values are checked
 * with the option's name, unknown options and properties get a did-you-mean, and each subcommand has
 * its own help. Everything here is decided before Spring starts.
 */
class CommandLineTest {

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private static RunOptions parseRun(String... args) {
        return Cli.parseRun(CliOption.Command.RUN, List.of(args), System.out);
    }

    @Test
    void mapsEveryOptionToItsProperty() {
        RunOptions options = parseRun("m.csv", "--base-url", "http://127.0.0.1:9", "--rate-limit=7",
                "--max-in-flight", "20", "--poll-interval", "2s", "--max-wait", "10m", "--results", "r.csv",
                "--simulator", "--a2e.tracking.batch-size=50", "--no-reconcile", "--run-name", "nightly",
                "--reconcile-since", "2d", "--wait-for-owner");
        assertThat(options.manifest()).isEqualTo(Path.of("m.csv"));
        assertThat(options.properties()).containsEntry("a2e.api.base-url", "http://127.0.0.1:9")
                .containsEntry("a2e.throttle.rate-limit", "7")
                .containsEntry("a2e.throttle.max-in-flight", "20")
                .containsEntry("a2e.tracking.poll-interval", "2s")
                .containsEntry("a2e.tracking.max-wait", "10m")
                .containsEntry("a2e.output.results", "r.csv")
                .containsEntry("a2e.simulator.enabled", "true")
                .containsEntry("a2e.tracking.batch-size", "50")
                .containsEntry("a2e.reconcile.enabled", "false")
                .containsEntry("a2e.reconcile.since", "2d")
                .containsEntry("a2e.run.name", "nightly")
                .containsEntry("a2e.lease.wait-for-owner", "true")
                .doesNotContainKey("a2e.run.dry-run");
        assertThat(options.springArguments()).contains("--a2e.throttle.rate-limit=7");
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        assertThat(parseRun("m.csv", "--rate-limit", "3", "--rate-limit", "4").properties())
                .containsEntry("a2e.throttle.rate-limit", "4");
    }

    @Test
    void planIsRunWithDryRun() {
        assertThat(Cli.parseRun(CliOption.Command.PLAN, List.of("m.csv"), System.out).properties())
                .containsEntry("a2e.run.dry-run", "true");
        assertThat(parseRun("m.csv", "--dry-run").properties()).containsEntry("a2e.run.dry-run", "true");
    }

    @Test
    void refusesATokenOnTheCommandLineAndSaysWhereItGoes() {
        for (String token : List.of("--token=sk_test_abc", "--a2e.api.token=sk_test_abc", "--api-token=sk_test_abc")) {
            CliRun r = cli("run", "m.csv", token);
            assertThat(r.code()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).contains("A2E_API_TOKEN").contains("--token-file").doesNotContain("sk_test_abc");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            run m.csv --ratelimit 3                 | a2e-batch run: unknown option --ratelimit; did you mean --rate-limit or --kie-rate-limit?
            run m.csv --a2e.throttle.rate-limt=3    | a2e-batch run: unknown property --a2e.throttle.rate-limt; did you mean --a2e.throttle.rate-limit?
            run m.csv --poll-interval 5             | a2e-batch run: --poll-interval 5 needs a unit (ms, s, m, h or d); did you mean 5s?
            run m.csv --a2e.tracking.poll-interval=5 | a2e-batch run: --a2e.tracking.poll-interval 5 needs a unit (ms, s, m, h or d); did you mean 5s?
            run m.csv --max-wait 150                | a2e-batch run: --max-wait 150 needs a unit (ms, s, m, h or d); did you mean 150m?
            run m.csv --a2e.throttle.retry.initial=50 | a2e-batch run: --a2e.throttle.retry.initial 50 needs a unit (ms, s, m, h or d); did you mean 50s?
            run m.csv --rate-limit 0                | a2e-batch run: --rate-limit 0 is out of range; give requests per second from 0.001 to 10000
            run m.csv --rate-limit abc              | a2e-batch run: --rate-limit abc is not a number; give requests per second from 0.001 to 10000, e.g. 5 or 0.5
            run m.csv --max-in-flight 0             | a2e-batch run: --max-in-flight 0 is out of range; give a whole number from 1 to 100000
            run m.csv --a2e.tracking.batch-size=x   | a2e-batch run: --a2e.tracking.batch-size x is not a whole number; give one from -2147483648 to 2147483647
            run m.csv --base-url foo                | a2e-batch run: --base-url foo is not an http(s) URL with a host; write it like https://video.a2e.ai or http://127.0.0.1:8080
            run m.csv --progress off                | a2e-batch run: --progress off: choose one of auto, tty, log, none
            run m.csv --rate-limit                  | a2e-batch run: --rate-limit needs a value (N)
            run m.csv --rate-limit 3 --a2e.throttle.rate-limit=4 | a2e-batch run: --rate-limit and --a2e.throttle.rate-limit set the same property; keep one
            run a.csv b.csv                         | a2e-batch run: unexpected argument 'b.csv'; run takes one MANIFEST
            run --simulator                         | a2e-batch run: run needs a manifest: a2e-batch run MANIFEST.csv [options]
            plan m.csv --dry-run                    | a2e-batch plan: unknown option --dry-run
            validate m.csv --rate-limit 3           | a2e-batch validate: unknown option --rate-limit
            validate m.csv --max-errors many        | a2e-batch validate: --max-errors many is not a whole number; give one from 0 to 9223372036854775807
            generate --rows 0                       | a2e-batch generate: --rows 0 is out of range; give a whole number from 1 to 100000000
            generate --rows 5 --a2e.x=1             | a2e-batch generate: unknown option --a2e.x
            """)
    void explainsEachMistakeInOneLineNamingTheOption(String line, String message) {
        CliRun r = cli(line.split(" "));
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        String command = line.split(" ")[0];
        assertThat(r.err()).isEqualTo(message + System.lineSeparator() + "  (see a2e-batch " + command + " --help)"
                + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void suggestsTheCommandForATypo() {
        CliRun r = cli("runn", "m.csv");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("a2e-batch: unknown command 'runn'; did you mean run? Commands: run, plan, download,"
                + " validate, generate, worker, help." + System.lineSeparator());
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        CliRun run = cli("run", "--help");
        assertThat(run.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(run.out()).startsWith("Usage: a2e-batch run").contains("--rate-limit=N", "[a2e.throttle.rate-limit]",
                "Default: 5.", "--poll-interval=DURATION", "Exit codes:", "--debug", "--version")
                .doesNotContain("--max-errors", "--rows");
        CliRun validate = cli("validate", "--help");
        assertThat(validate.out()).startsWith("Usage: a2e-batch validate").contains("--max-errors=N")
                .doesNotContain("--rate-limit");
        CliRun generate = cli("help", "generate");
        assertThat(generate.out()).startsWith("Usage: a2e-batch generate").contains("--rows=N", "--seed=S")
                .doesNotContain("MANIFEST");
        assertThat(cli("plan", "-h").out()).startsWith("Usage: a2e-batch plan").doesNotContain("[--dry-run]");
        CliRun root = cli("--help");
        assertThat(root.out()).contains("a2e-batch run MANIFEST", "a2e-batch plan MANIFEST", "Exit codes:");
        assertThat(cli().code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void everyCommandAnswersVersionWithTheProjectVersion() {
        String version = Cli.version();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"run", "--version"},
                new String[] {"validate", "-V"}, new String[] {"generate", "--version"}, new String[] {"plan", "--version"})) {
            CliRun r = cli(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.SUCCESS);
            assertThat(r.out()).isEqualTo("a2e-batch " + version + System.lineSeparator());
        }
    }
}
