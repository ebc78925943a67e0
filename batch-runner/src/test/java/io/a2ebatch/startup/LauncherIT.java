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
    private static final Path AOT_CACHE = Path.of("target", "a2e-batch", "a2e-batch.aot");
    private static final Path AOT_JDK = Path.of("target", "a2e-batch", "a2e-batch.aot.jdk");
    private static final Path APP_JAR = Path.of("target", "a2e-batch", "a2e-batch.jar");
    private static final Path DEMO = Path.of("..", "datasets", "demo.csv").toAbsolutePath().normalize();
    private static final String MAIN = "io.a2ebatch.cli.Main";
    /**
     * What Spring loads to work the bean definitions out from the configuration classes at start-up, and
     * not when it starts from the definitions its AOT processing generated at build time. (The generated
     * classes themselves are no sign: a JDK 25 AOT cache loads every class it holds as the JVM starts.)
     */
    private static final String CONFIGURATION_PARSER = "org.springframework.context.annotation.ConfigurationClassParser";

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stdout) {
    }

    private Outcome run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
        int exitCode = finish(command, env, ProcessBuilder.Redirect.to(out.toFile()), ProcessBuilder.Redirect.DISCARD);
        return new Outcome(exitCode, Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Runs {@code command} with the launcher's environment cleared of the caller's JVM options and waits for it. */
    private int finish(List<String> command, Map<String, String> env, ProcessBuilder.Redirect out,
                       ProcessBuilder.Redirect err) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out)
                .redirectError(err);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("A2E_BATCH_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish within 120 s");
        }
        return process.exitValue();
    }

    /**
     * Whether {@code file} of the extracted application is there for the launcher to use: a build with
     * {@code -Da2e.cds.skip} leaves an earlier build's extracted application older than the fat jar, and
     * the launcher then runs the fat jar.
     */
    private static boolean extracted(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.isRegularFile(APP_JAR)
                && !Files.getLastModifiedTime(FAT_JAR).toInstant().isAfter(Files.getLastModifiedTime(APP_JAR).toInstant());
    }

    private Outcome launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    /** The launcher's output and the JVM's class-loading log of one command. */
    private record Logged(Outcome outcome, List<String> classes) {
    }

    private Logged logged(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
        Map<String, String> withLog = new HashMap<>(env);
        withLog.put("A2E_BATCH_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        return new Logged(launcher(withLog, args), Files.readAllLines(log));
    }

    private String mainClassSource(Map<String, String> env) throws IOException, InterruptedException {
        Logged validate = logged(env, "validate", DEMO.toString());
        assertThat(validate.outcome().exitCode()).isZero();
        return validate.classes().stream().filter(line -> line.contains(" " + MAIN + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(MAIN + " is not in the class-loading log"));
    }

    /** The screen's log lines start with the time of day; the rest of a plan's output is the same in every run. */
    private static String withoutLogTimes(String stdout) {
        return stdout.replaceAll("(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} ", "");
    }

    /** Whether Spring started from the build's ahead-of-time bean definitions (the log is of a Spring start). */
    private static boolean fromAheadOfTimeDefinitions(Logged logged) {
        assertThat(logged.classes()).anyMatch(line -> line.contains(" " + MAIN + " "));
        return logged.classes().stream().noneMatch(line -> line.contains(" " + CONFIGURATION_PARSER + " "));
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
        assumeTrue(extracted(ARCHIVE), "built with -Da2e.cds.skip: no archive to use");

        assertThat(mainClassSource(Map.of())).contains("source: shared objects file (top)");
    }

    @Test
    void servesTheCommandLineParserCompiledForJava5FromTheArchiveAndTheAotCacheOnceTheBuildRewroteIt() throws Exception {
        assumeTrue(extracted(ARCHIVE), "built with -Da2e.cds.skip: no archive to use");
        String parser = " picocli.CommandLine ";

        Logged validate = logged(Map.of(), "validate", DEMO.toString());
        Logged plan = logged(Map.of(), "plan", DEMO.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(validate.outcome().exitCode()).isZero();
        assertThat(plan.outcome().exitCode()).isZero();
        assertThat(validate.classes()).filteredOn(line -> line.contains(parser)).singleElement().asString()
                .contains("source: shared objects file");
        assertThat(plan.classes()).filteredOn(line -> line.contains(parser)).singleElement().asString()
                .contains("source: shared objects file");
    }

    @Test
    void runsWithoutTheArchiveWhenToldTo() throws Exception {
        assumeTrue(extracted(APP_JAR), "built with -Da2e.cds.skip: no extracted application");

        assertThat(mainClassSource(Map.of("A2E_BATCH_CDS", "off"))).doesNotContain("shared objects file")
                .contains("source: file:");
    }

    @Test
    void startsSpringFromTheBuildsAheadOfTimeBeanDefinitionsWithTheSameOutcome() throws Exception {
        String[] plan = {"plan", DEMO.toString(), "--state-dir", dir.resolve("state").toString()};

        Logged aot = logged(Map.of(), plan);
        Logged scanned = logged(Map.of("A2E_BATCH_SPRING_AOT", "off"), plan);

        assertThat(fromAheadOfTimeDefinitions(aot)).isTrue();
        assertThat(fromAheadOfTimeDefinitions(scanned)).isFalse();
        assertThat(aot.outcome().exitCode()).isZero();
        assertThat(scanned.outcome().exitCode()).isZero();
        assertThat(withoutLogTimes(aot.outcome().stdout())).isEqualTo(withoutLogTimes(scanned.outcome().stdout()))
                .contains("row(s) to send");
    }

    @Test
    void runsAManifestAgainstTheInProcessSimulatorFromTheAheadOfTimeBeanDefinitions() throws Exception {
        Logged run = logged(Map.of(), "run", DEMO.toString(), "--simulator", "--progress", "none",
                "--state-dir", dir.resolve("state").toString(), "--results", dir.resolve("results.csv").toString(),
                "--rate-limit", "1000", "--poll-interval", "100ms", "--a2e.simulator.rate-limit=1000",
                "--a2e.simulator.task-duration-min=10ms", "--a2e.simulator.task-duration-max=20ms");

        assertThat(fromAheadOfTimeDefinitions(run)).isTrue();
        assertThat(run.outcome().exitCode()).isZero();
        assertThat(run.outcome().stdout()).contains("all rows completed");
    }

    @Test
    void runsTheCommandsThatStartSpringOnTheJdkOfTheAotCacheAndTheOthersOnJavaHome() throws Exception {
        assumeTrue(extracted(AOT_CACHE), "built with -Da2e.aot.jdk=none or without a JDK 25: no AOT cache");
        String aotJdk = Files.readString(AOT_JDK).strip();
        String javaHome = System.getProperty("java.home");
        String[] plan = {"plan", DEMO.toString(), "--state-dir", dir.resolve("state").toString()};

        assertThat(javaHomeOf(Map.of(), plan)).isEqualTo(aotJdk);
        assertThat(javaHomeOf(Map.of("A2E_BATCH_AOT", "off"), plan)).isEqualTo(javaHome);
        assertThat(javaHomeOf(Map.of(), "validate", DEMO.toString())).isEqualTo(javaHome);
    }

    /** The {@code java.home} of the JVM the launcher starts for a command that succeeds, as that JVM reports it. */
    private String javaHomeOf(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path settings = dir.resolve("settings-" + System.nanoTime() + ".txt");
        Map<String, String> showSettings = new HashMap<>(env);
        showSettings.put("A2E_BATCH_JAVA_OPTS", "-XshowSettings:properties");
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        assertThat(finish(command, showSettings, ProcessBuilder.Redirect.DISCARD,
                ProcessBuilder.Redirect.to(settings.toFile()))).isZero();
        return Files.readAllLines(settings).stream().map(String::strip).filter(line -> line.startsWith("java.home = "))
                .map(line -> line.substring("java.home = ".length())).findFirst()
                .orElseThrow(() -> new AssertionError("no java.home in " + settings));
    }
}
