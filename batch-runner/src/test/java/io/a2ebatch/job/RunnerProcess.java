package io.a2ebatch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.a2ebatch.spec.family.ProviderDescriptors;
import io.a2ebatch.spec.family.TokenSource;

/**
 * {@code bin/a2e-batch run ...}, the shipped command, as a separate process, so that tests can kill it
 * the way a crash, a reboot or an operator would. The launcher {@code exec}s its JVM, so the process is
 * the runner's JVM itself: signals reach it, not a shell. (It runs {@code target/a2e-batch.jar} when the
 * build made no extracted application; {@code LauncherIT} holds it to {@code java -jar}'s behaviour.)
 */
final class RunnerProcess {

    private static final Path JAR = Path.of("target", "a2e-batch.jar");
    private static final Path LAUNCHER = Path.of("..", "bin", "a2e-batch").toAbsolutePath().normalize();

    private final Process process;
    private final Path log;

    private RunnerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunnerProcess start(Path log, List<String> runArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("run"));
        arguments.addAll(runArguments);
        return command(log, null, Map.of(), arguments);
    }

    /**
     * Starts the runner with {@code run RUN-ARGUMENTS...} in {@code workDir} (null: this one) with
     * {@code env} added to the environment. Tests give it {@code XDG_STATE_HOME} in a temporary
     * directory so that it never writes to the home directory.
     */
    static RunnerProcess start(Path log, Path workDir, Map<String, String> env, List<String> runArguments)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of("run"));
        arguments.addAll(runArguments);
        return command(log, workDir, env, arguments);
    }

    /**
     * {@code bin/a2e-batch ARGUMENTS...} in {@code workDir} (null: this one), on this JVM where the launcher
     * lets one choose, without the API token variables of this environment (so that what the screen shows
     * does not depend on who runs the tests) or the caller's JVM options, with {@code env} added.
     */
    static RunnerProcess command(Path log, List<String> arguments) throws IOException {
        return command(log, null, Map.of(), arguments);
    }

    static RunnerProcess command(Path log, Path workDir, Map<String, String> env, List<String> arguments)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: integration tests run after"
                    + " `package` (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        for (String descriptor : ProviderDescriptors.BUNDLED) {
            TokenSource token = ProviderDescriptors.provider(descriptor).token();
            builder.environment().remove(token.variable());
            builder.environment().remove(token.fileVariable());
        }
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("A2E_BATCH_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        return new RunnerProcess(process, log);
    }

    /** Waits until {@code condition} holds, failing if the process ends first or time runs out. */
    void awaitWhileRunning(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the runner ended (exit " + process.exitValue() + ") before " + what
                        + "; its output:\n" + output());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; runner output:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a service manager or an operator sends it. */
    void terminate() {
        process.destroy();
    }

    /** SIGSTOP: the process freezes, all its threads at once, as a debugger or a paused VM does. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen process goes on where it was. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end; whether it did. */
    boolean ended(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the runner did not end within " + timeout + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
