package io.a2ebatch.cli;

import static io.a2ebatch.cli.CliOption.Command.DOWNLOAD;
import static io.a2ebatch.cli.CliOption.Command.GENERATE;
import static io.a2ebatch.cli.CliOption.Command.PLAN;
import static io.a2ebatch.cli.CliOption.Command.RUN;
import static io.a2ebatch.cli.CliOption.Command.VALIDATE;
import static io.a2ebatch.cli.CliOption.Command.WORKER;
import static io.a2ebatch.cli.CliOption.option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.manifest.ManifestGenerator;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.ProviderDescriptors;

/**
 * Every option of {@code a2e-batch}, in help order. The one place an option is declared: picocli's
 * parser and help ({@link Cli}), the README's option table and the {@code application.yaml} check
 * ({@code OptionDocsTest}) are built from this list.
 */
public final class Options {

    /** Upper bound of {@code generate --rows}, so that an extra zero or three fails fast instead of filling the disk. */
    public static final long MAX_ROWS = 100_000_000L;

    public static final List<CliOption> ALL = withProviderOptions(List.of(
            option("--simulator", RUN, PLAN, DOWNLOAD).flag(true).property("a2e.simulator.enabled").defaults("false")
                    .describe("Run against a simulator of A2E and kie.ai started in this process (no token needed)."),
            option("--base-url", RUN, PLAN, DOWNLOAD, WORKER).value("URL", ValueType.httpUrl()).property("a2e.api.base-url")
                    .defaults("https://video.a2e.ai").describe("A2E base URL."),
            option("--token-file", RUN, PLAN, DOWNLOAD, WORKER).value("FILE", ValueType.path()).property("a2e.api.token-file")
                    .defaultText("A2E_API_TOKEN_FILE, else A2E_API_TOKEN")
                    .describe("File holding the API token. Tokens are never taken from the command line."),
            option("--resend-in-doubt", RUN, WORKER).flag(true).property("a2e.run.resend-in-doubt").defaults("false")
                    .describe("Send again rows in doubt of a provider that cannot be asked whether the task exists"
                            + " (kie.ai: no list, no names); may create a second task."),
            option("--callback-listen", RUN).value("HOST:PORT", ValueType.hostPort()).property("a2e.callbacks.listen")
                    .defaultText("no callbacks")
                    .describe("Receive providers' callbacks (kie.ai) on HOST:PORT; a hint, polling goes on."),
            option("--callback-url", RUN).value("URL", ValueType.httpUrl()).property("a2e.callbacks.url")
                    .defaultText("http://HOST:PORT/callback")
                    .describe("Public address of the callback receiver (a tunnel or an ingress), sent to providers."),
            option("--results", RUN, PLAN, DOWNLOAD).value("FILE", ValueType.path()).property("a2e.output.results")
                    .defaultText("MANIFEST-NAME.results.csv").describe("Results CSV, one line per row."),
            option("--rejects", RUN, PLAN, DOWNLOAD).value("FILE", ValueType.path()).property("a2e.output.rejects")
                    .defaultText("RESULTS-NAME.rejects.csv").describe("Rows rejected at ingest, with their problems."),
            option("--rate-limit", RUN, PLAN, WORKER).value("N", ValueType.decimal("0.001", "10000", "requests per second"))
                    .property("a2e.throttle.rate-limit").defaults("5")
                    .describe("Requests per second to A2E, all kinds together; in a fleet on PostgreSQL, the whole fleet's."),
            option("--max-in-flight", RUN, PLAN, WORKER).value("N", ValueType.count(1, 100_000))
                    .property("a2e.throttle.max-in-flight").defaults("50")
                    .describe("Tasks submitted and not yet finished."),
            option("--submit-concurrency", RUN, PLAN, WORKER).value("N", ValueType.count(1, 256))
                    .property("a2e.throttle.submit-concurrency").defaults("8")
                    .describe("Start requests in progress at once."),
            option("--poll-interval", RUN, PLAN, WORKER)
                    .value("DURATION", ValueType.duration(Duration.ofMillis(100), Duration.ofMinutes(10), "s"))
                    .property("a2e.tracking.poll-interval").defaults("5s")
                    .describe("Time between status polls (A2E asks for 3-5s)."),
            option("--max-wait", RUN, PLAN, WORKER)
                    .value("DURATION", ValueType.duration(Duration.ofSeconds(1), Duration.ofDays(30), "m"))
                    .property("a2e.tracking.max-wait").defaults("150m")
                    .describe("A task unfinished this long after submission ends timed_out."),
            option("--progress", RUN, PLAN, DOWNLOAD, WORKER).value("MODE", ValueType.choice("auto", "tty", "log", "none"))
                    .property("a2e.output.progress").defaults("auto")
                    .describe("Progress display: a live line (tty), log lines (log) or none; auto picks tty on a"
                            + " terminal."),
            option("--quiet", RUN, PLAN, DOWNLOAD, WORKER).flag(true).property("a2e.output.quiet").defaults("false")
                    .describe("No progress and no information lines; warnings, errors and the summary only."),
            option("--state-dir", RUN, PLAN, DOWNLOAD, WORKER).value("DIR", ValueType.path()).property("a2e.state.dir")
                    .defaultText("$XDG_STATE_HOME/a2e-batch, else ~/.local/state/a2e-batch")
                    .describe("Job repositories (H2, one per run), owner files and the log file a2e-batch.log."),
            option("--jdbc-url", RUN, PLAN, DOWNLOAD, WORKER).value("URL", ValueType.jdbcUrl()).property("spring.datasource.url")
                    .defaultText("H2 file in the state directory")
                    .describe("Job repository database, e.g. jdbc:postgresql://host/db; password from"
                            + " SPRING_DATASOURCE_PASSWORD."),
            option("--jdbc-user", RUN, PLAN, DOWNLOAD, WORKER).value("NAME", ValueType.text()).property("spring.datasource.username")
                    .defaults("sa").describe("Job repository database user."),
            option("--run-name", RUN, PLAN, DOWNLOAD).value("NAME", ValueType.text()).property("a2e.run.name")
                    .defaultText("from the manifest's canonical path").describe("Name of the run."),
            option("--dry-run", RUN).flag(true).property("a2e.run.dry-run").defaults("false")
                    .describe("Print the plan and send nothing (same as the plan command)."),
            option("--retry-failed", RUN, PLAN).flag(true).property("a2e.run.retry-failed").defaults("false")
                    .describe("Resubmit rows that failed remotely, as a new recorded attempt."),
            option("--resubmit-changed", RUN, PLAN).flag(true).property("a2e.run.resubmit-changed").defaults("false")
                    .describe("Resend keys whose request changed after their task was created."),
            option("--wait-for-owner", RUN, PLAN, DOWNLOAD).flag(true).property("a2e.lease.wait-for-owner").defaults("false")
                    .describe("Wait for another process's lease on the run instead of exiting 2."),
            option("--reconcile-since", RUN, PLAN)
                    .value("DURATION", ValueType.duration(Duration.ofMinutes(1), Duration.ofDays(365), "d"))
                    .property("a2e.reconcile.since").defaults("3d")
                    .describe("How far back the fresh-state reconcile looks in A2E's task lists."),
            option("--no-reconcile", RUN, PLAN).flag(false).property("a2e.reconcile.enabled").defaults("true")
                    .describe("Skip the fresh-state reconcile."),
            option("--download", RUN).value("DIR", ValueType.path()).property("a2e.download.dir")
                    .defaultText("no downloads")
                    .describe("Download each completed row's result file into DIR as soon as the row completes."),
            option("--to", DOWNLOAD).value("DIR", ValueType.path()).property("a2e.download.dir")
                    .defaultText("required").describe("Directory the result files go to."),
            option("--download-concurrency", RUN, DOWNLOAD).value("N", ValueType.count(1, 256))
                    .property("a2e.download.concurrency").defaults("4")
                    .describe("Downloads at once, separate from the API's rate limit."),
            option("--download-rate", RUN, DOWNLOAD).value("RATE", ValueType.byteRate())
                    .property("a2e.download.rate").defaults("unlimited")
                    .describe("Total download bandwidth per second, e.g. 20MB."),
            option("--name", RUN, DOWNLOAD).value("TEMPLATE", ValueType.fileNameTemplate())
                    .property("a2e.download.name").defaults("{key}.{ext}")
                    .describe("File names: {key}, {type}, {task_id}, {ext}; unsafe characters are escaped."),
            option("--partitions", RUN).value("N", ValueType.count(0, 1000)).property("a2e.fleet.partitions")
                    .defaults("0")
                    .describe("Split the run's rows into N partitions run by workers (README, \"Running a fleet\"); 0 runs"
                            + " them all in this process."),
            option("--broker", RUN, WORKER).value("URL", ValueType.text()).property("a2e.fleet.broker")
                    .defaultText("none")
                    .describe("The fleet's ActiveMQ Artemis broker, e.g. tcp://10.0.0.5:61616 (scripts/artemis.sh"
                            + " start)."),
            option("--workers-in-process", RUN).flag(true).property("a2e.fleet.workers-in-process").defaults("false")
                    .describe("With --partitions: also run the workers, and an embedded broker, in this process."),
            option("--fleet-timeout", RUN)
                    .value("DURATION", ValueType.duration(Duration.ofSeconds(10), Duration.ofDays(30), "m"))
                    .property("a2e.fleet.timeout").defaults("24h")
                    .describe("How long the manager waits for every partition to end before it fails the run."),
            option("--metrics-port", RUN, WORKER).value("PORT", ValueType.count(0, 65535)).property("a2e.metrics.port")
                    .defaultText("no endpoint")
                    .describe("Serve this process's figures to Prometheus on http://127.0.0.1:PORT/metrics (0: any free"
                            + " port; --a2e.metrics.host=0.0.0.0 for other machines)."),
            option("--max-errors", VALIDATE).value("N", ValueType.count(0, Long.MAX_VALUE))
                    .defaultText("all").describe("Problems to print before only counting them."),
            option("--rows", GENERATE).value("N", ValueType.count(1, MAX_ROWS))
                    .defaultText("required").describe("Rows to write."),
            option("--seed", GENERATE).value("S", ValueType.anyLong())
                    .defaults(Long.toString(ManifestGenerator.DEFAULT_SEED))
                    .describe("Seed; the same arguments write the same bytes."),
            option("--families", GENERATE).value("LIST", ValueType.text()).defaultText("every family")
                    .describe("Comma-separated task families to mix."),
            option("--out", GENERATE).value("FILE", ValueType.path()).defaultText("standard output")
                    .describe("Manifest file to write, replaced atomically once complete."),
            option("--debug", RUN, PLAN, DOWNLOAD, VALIDATE, GENERATE, WORKER).flag(true).property("a2e.output.debug").defaults("false")
                    .describe("Also print full stack traces and library logs on the screen (they always go to"
                            + " the log file).")));

    private Options() {
    }

    /**
     * The options of every provider after the first (A2E, whose options above keep their historic
     * names), generated from the descriptors: {@code --kie-base-url}, {@code --kie-token-file},
     * {@code --kie-rate-limit}, {@code --kie-max-in-flight}, inserted after {@code --max-in-flight}.
     */
    private static List<CliOption> withProviderOptions(List<CliOption> declared) {
        List<CliOption> all = new ArrayList<>();
        for (CliOption option : declared) {
            all.add(option);
            if (!option.name().equals("--max-in-flight")) {
                continue;
            }
            for (String resource : ProviderDescriptors.BUNDLED.subList(1, ProviderDescriptors.BUNDLED.size())) {
                Provider p = ProviderDescriptors.provider(resource);
                String id = p.id();
                all.add(option(ProviderProperties.option(id, "base-url"), RUN, PLAN, DOWNLOAD, WORKER)
                        .value("URL", ValueType.httpUrl()).property(ProviderProperties.property(id, "base-url"))
                        .defaults(p.defaultBaseUrl().toString()).describe(p.displayName() + " base URL."));
                all.add(option(ProviderProperties.option(id, "token-file"), RUN, PLAN, DOWNLOAD, WORKER)
                        .value("FILE", ValueType.path()).property(ProviderProperties.property(id, "token-file"))
                        .defaultText(p.token().fileVariable() + ", else " + p.token().variable())
                        .describe("File holding the " + p.displayName() + " API token."));
                all.add(option(ProviderProperties.option(id, "rate-limit"), RUN, PLAN, WORKER)
                        .value("N", ValueType.decimal("0.001", "10000", "requests per second"))
                        .property(ProviderProperties.property(id, "rate-limit"))
                        .defaults(plain(ProviderProperties.DEFAULT_RATE_LIMIT))
                        .describe("Requests per second to " + p.displayName() + ", all kinds together."));
                all.add(option(ProviderProperties.option(id, "max-in-flight"), RUN, PLAN, WORKER)
                        .value("N", ValueType.count(1, 100_000))
                        .property(ProviderProperties.property(id, "max-in-flight"))
                        .defaults(Integer.toString(ProviderProperties.DEFAULT_MAX_IN_FLIGHT))
                        .describe(p.displayName() + " tasks submitted and not yet finished."));
            }
        }
        return List.copyOf(all);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The options of {@code command}, in help order. */
    public static List<CliOption> of(CliOption.Command command) {
        return ALL.stream().filter(o -> o.commands().contains(command)).toList();
    }

    /** The option that sets {@code property}, if one does. */
    public static Optional<CliOption> forProperty(String property) {
        return ALL.stream().filter(o -> o.property().filter(property::equals).isPresent()).findFirst();
    }
}
