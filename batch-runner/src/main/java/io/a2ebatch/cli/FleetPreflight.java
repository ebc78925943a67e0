package io.a2ebatch.cli;

/**
 * Checks of a fleet's command line before Spring starts (exit 2 with the option to fix): a fleet needs a
 * broker and a job repository every machine reaches, which the embedded H2 database is not.
 */
final class FleetPreflight {

    private FleetPreflight() {
    }

    /** {@code run}: {@code --partitions}, {@code --broker}, {@code --workers-in-process} agree. */
    static void run(RunOptions options) {
        int partitions = Integer.parseInt(options.property("a2e.fleet.partitions", "0"));
        boolean inProcess = Boolean.parseBoolean(options.property("a2e.fleet.workers-in-process", "false"));
        if (partitions == 0) {
            if (inProcess) {
                throw new UsageException("--workers-in-process runs a fleet's workers in this process: give the number"
                        + " of partitions too, e.g. --partitions 3");
            }
            return;
        }
        if (!options.property("a2e.download.dir", "").isEmpty()) {
            throw new UsageException("--download is not available with --partitions; once the run ended, fetch the"
                    + " files with a2e-batch download MANIFEST --to DIR");
        }
        if (inProcess) {
            return;
        }
        if (options.property("a2e.fleet.broker", "").isBlank()) {
            throw new UsageException("--partitions " + partitions + " hands the partitions to workers through a broker:"
                    + " give --broker tcp://HOST:PORT (scripts/artemis.sh start runs one), or run the workers in this"
                    + " process with --workers-in-process");
        }
        requireSharedRepository(options, "--partitions");
    }

    /** {@code worker}: a broker and a shared job repository. */
    static void worker(RunOptions options) {
        if (options.property("a2e.fleet.broker", "").isBlank()) {
            throw new UsageException("a worker takes partitions from the fleet's broker: give --broker tcp://HOST:PORT,"
                    + " the same as the manager's");
        }
        requireSharedRepository(options, "a worker");
    }

    private static void requireSharedRepository(RunOptions options, String who) {
        if (!options.property("spring.datasource.url", "").startsWith("jdbc:postgresql:")) {
            throw new UsageException(who + " needs the fleet's job repository on PostgreSQL, reached by every"
                    + " machine: give --jdbc-url jdbc:postgresql://HOST/DB (password from SPRING_DATASOURCE_PASSWORD);"
                    + " the default H2 database serves one process only");
        }
    }
}
