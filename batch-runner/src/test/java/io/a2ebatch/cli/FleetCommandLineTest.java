package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's command lines that cannot work are refused before Spring starts, with exit 2 and the option
 * to fix: a fleet needs a broker and a job repository every machine reaches.
 */
class FleetCommandLineTest {

    @TempDir
    Path dir;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private String manifest() throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "key,type,image_url\n");
        return file.toString();
    }

    @Test
    void aManagerWithoutABrokerIsToldToGiveOneOrRunItsWorkersInProcess() throws Exception {
        CliRun r = cli("run", manifest(), "--partitions", "3", "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--broker tcp://HOST:PORT").contains("--workers-in-process");
    }

    @Test
    void aManagerOnTheEmbeddedDatabaseIsToldToUsePostgres() throws Exception {
        CliRun r = cli("run", manifest(), "--partitions", "3", "--broker", "tcp://127.0.0.1:61616",
                "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--jdbc-url jdbc:postgresql://").contains("H2");
    }

    @Test
    void workersInProcessNeedANumberOfPartitions() throws Exception {
        CliRun r = cli("run", manifest(), "--workers-in-process", "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--partitions 3");
    }

    @Test
    void downloadsAreRefusedWithPartitions() throws Exception {
        CliRun r = cli("run", manifest(), "--partitions", "2", "--workers-in-process", "--download",
                dir.resolve("files").toString(), "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("a2e-batch download");
    }

    @Test
    void aWorkerNeedsABrokerAndPostgres() {
        CliRun noBroker = cli("worker", "--state-dir", dir.toString());
        assertThat(noBroker.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noBroker.err()).contains("a2e-batch worker: ").contains("--broker tcp://HOST:PORT");

        CliRun noPostgres = cli("worker", "--broker", "tcp://127.0.0.1:61616", "--state-dir", dir.toString());
        assertThat(noPostgres.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noPostgres.err()).contains("--jdbc-url jdbc:postgresql://");
    }

    @Test
    void theWorkerCommandHasItsOwnHelpWithoutAManifest() {
        CliRun r = cli("worker", "--help");
        assertThat(r.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(r.out()).contains("a2e-batch worker").contains("--broker").contains("--jdbc-url")
                .doesNotContain("MANIFEST");
    }
}
