package io.a2ebatch.cli;

/** The text of {@code a2e-batch --help}. */
final class Help {

    private Help() {
    }

    static final String TEXT = """
            a2e-batch — run a CSV manifest of A2E jobs: validated, throttled, tracked, restartable.

            Usage:
              a2e-batch validate MANIFEST [--max-errors N]
              a2e-batch run MANIFEST [options]
              a2e-batch run MANIFEST --simulator [options]
              a2e-batch download MANIFEST --to DIR [options]
              a2e-batch generate --rows N [--seed S] [--families a,b,...] [--out FILE]
              a2e-batch help

            validate   Checks every row against its family's request schema in the A2E OpenAPI spec
                       without sending anything; prints each problem as file:line:column field: reason.
            run        Validates, submits each valid row as an A2E task, follows the tasks to the end and
                       writes a results CSV. Running the same manifest again resumes it: nothing already
                       submitted is submitted again.
            download   Fetches the result files of a run's completed rows that are not on disk yet (from
                       its ledger; resumes partial files), then rewrites the results CSV with file columns.
            generate   Writes a large valid manifest of mixed families, deterministically (benchmarks).

            run options (each also settable in application.yaml or the environment, property in brackets):
              --simulator              run against an A2E simulator started in this process (no token needed)
              --base-url URL           A2E base URL [a2e.api.base-url] (default https://video.a2e.ai)
              --token-file FILE        file holding the API token [a2e.api.token-file]; otherwise the
                                       environment: A2E_API_TOKEN_FILE or A2E_API_TOKEN. Never on the command line.
              --results FILE           results CSV [a2e.output.results] (default MANIFEST-NAME.results.csv)
              --rejects FILE           rejected rows [a2e.output.rejects] (default RESULTS-NAME.rejects.csv)
              --rate-limit N           requests per second, all kinds together [a2e.throttle.rate-limit] (default 5)
              --max-in-flight N        tasks submitted and not finished [a2e.throttle.max-in-flight] (default 50)
              --submit-concurrency N   start requests in progress at once [a2e.throttle.submit-concurrency] (default 8)
              --poll-interval DURATION time between polls, e.g. 5s [a2e.tracking.poll-interval] (default 5s)
              --max-wait DURATION      a task unfinished this long ends timed_out [a2e.tracking.max-wait] (default 150m)
              --progress MODE          auto, terminal, log or off [a2e.output.progress] (default auto)
              --state-dir DIR          job repository (H2) and locks [a2e.state.dir] (default .a2e-batch)
              --jdbc-url URL           job repository database, e.g. jdbc:postgresql://host/db [spring.datasource.url]
              --jdbc-user NAME         its user [spring.datasource.username]; password: SPRING_DATASOURCE_PASSWORD
              --download DIR           download each completed row's result file into DIR [a2e.download.dir]
              --download-concurrency N downloads at once [a2e.download.concurrency] (default 4)
              --download-rate RATE     total download bandwidth, e.g. 20MB (per second) [a2e.download.rate]
                                       (default unlimited)
              --name TEMPLATE          file names: {key}, {type}, {task_id}, {ext} [a2e.download.name]
                                       (default {key}.{ext})
              --a2e.PROPERTY=VALUE     any other a2e.* or spring.* property

            Exit codes:
              0  every row completed (validate: every row valid)
              1  the run finished but some rows failed, timed out or were rejected, or some downloads
                 failed (validate: problems found)
              2  usage or configuration error, or a manifest that cannot be read; nothing was sent
              3  stopped before the end (Ctrl-C / SIGTERM, credits exhausted, token rejected, download
                 directory full or not writable); run the
                 same command again to resume
              4  unexpected internal error; the run resumes once the cause is fixed
            """;
}
