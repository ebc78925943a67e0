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
              a2e-batch plan MANIFEST [options]
              a2e-batch generate --rows N [--seed S] [--families a,b,...] [--out FILE]
              a2e-batch help

            validate   Checks every row against its family's request schema in the A2E OpenAPI spec
                       without sending anything; prints each problem as file:line:column field: reason.
            run        Validates, submits each valid row as an A2E task, follows the tasks to the end and
                       writes a results CSV. Running the same manifest again, from any directory, edited
                       or not, resumes it: each key gets one task. Prints its plan before sending.
            plan       Prints what run would do (kept, followed, new, changed keys) and sends nothing.
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
              --state-dir DIR          job repositories (H2, one per run) [a2e.state.dir] (default
                                       $XDG_STATE_HOME/a2e-batch, else ~/.local/state/a2e-batch)
              --run-name NAME          the run's name [a2e.run.name] (default: the manifest's canonical path)
              --dry-run                print the plan and send nothing (same as the plan command)
              --retry-failed           resubmit rows whose task failed at A2E, as a new attempt
              --resubmit-changed       resubmit rows whose request changed after their task was created
              --wait-for-owner         wait while another process owns the run instead of exiting 2
              --reconcile-since DURATION  on fresh state, how far back A2E's lists are read (default 3d)
              --no-reconcile           on fresh state, do not look for the run's tasks at A2E
              --jdbc-url URL           job repository database, e.g. jdbc:postgresql://host/db [spring.datasource.url]
              --jdbc-user NAME         its user [spring.datasource.username]; password: SPRING_DATASOURCE_PASSWORD
              --a2e.PROPERTY=VALUE     any other a2e.* or spring.* property

            Exit codes:
              0  every row completed (validate: every row valid)
              1  the run finished but some rows failed, timed out or were rejected (validate: problems found)
              2  usage or configuration error, a manifest that cannot be read, or a run owned by another
                 live process; nothing was sent
              3  stopped before the end (Ctrl-C / SIGTERM, credits exhausted, token rejected, ownership
                 of the run lost to another process); run the
                 same command again to resume
              4  unexpected internal error; the run resumes once the cause is fixed
            """;
}
