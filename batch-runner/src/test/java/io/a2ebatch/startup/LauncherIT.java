package io.a2ebatch.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/a2e-batch} as a user runs it after {@code mvn package}: the same program as {@code java -jar},
 * its classes served from the class-data-sharing archive the build wrote, and without that archive when
 * told so. The tests read the JVM's own class-loading log, so they prove where classes come from rather
 * than how fast they load (speed is the benchmarks' business).
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "a2e-batch").toAbsolutePath().normalize();
    private static final Path FAT_JAR = Path.of("target", "a2e-batch.jar");
    private static final Path ARCHIVE = Path.of("target", "a2e-batch", "a2e-batch.jsa");
    private static final Path DEMO = Path.of("..", "datasets", "demo.csv").toAbsolutePath().normalize();
    private static final String MAIN = "io.a2ebatch.cli.Main";

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stdout) {
    }

    private Outcome run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("A2E_BATCH_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish within 120 s");
        }
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private Outcome launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private String mainClassSource(Map<String, String> env) throws IOException, InterruptedException {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
        Map<String, String> withLog = new HashMap<>(env);
        withLog.put("A2E_BATCH_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        assertThat(launcher(withLog, "validate", DEMO.toString()).exitCode()).isZero();
        return Files.readAllLines(log).stream().filter(line -> line.contains(" " + MAIN + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(MAIN + " is not in the class-loading log " + log));
    }

    @Test
    void validatesAManifestExactlyAsJavaDashJarDoes() throws Exception {
        Outcome viaLauncher = launcher(Map.of(), "validate", DEMO.toString());
        Outcome viaJar = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                FAT_JAR.toAbsolutePath().toString(), "validate", DEMO.toString()), Map.of());

        assertThat(viaLauncher.exitCode()).isZero();
        assertThat(viaLauncher).isEqualTo(viaJar);
    }

    @Test
    void servesTheApplicationsClassesFromTheArchiveWrittenAtPackageTime() throws Exception {
        assumeTrue(Files.isRegularFile(ARCHIVE), "built with -Da2e.cds.skip: no archive to use");

        assertThat(mainClassSource(Map.of())).contains("source: shared objects file (top)");
    }

    @Test
    void runsWithoutTheArchiveWhenToldTo() throws Exception {
        assumeTrue(Files.isDirectory(ARCHIVE.getParent()), "built with -Da2e.cds.skip: no extracted application");

        assertThat(mainClassSource(Map.of("A2E_BATCH_CDS", "off"))).doesNotContain("shared objects file")
                .contains("source: file:");
    }
}
