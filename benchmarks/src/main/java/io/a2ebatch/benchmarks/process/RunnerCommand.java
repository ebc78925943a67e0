package io.a2ebatch.benchmarks.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a measured program is started: {@code java [options] -jar JAR} (the JVM's defaults, as a user
 * typing that gets them), the shipped launcher {@code bin/a2e-batch} (its own JVM options; extra ones
 * go through {@code A2E_BATCH_JAVA_OPTS}, as a user would add them), or, for the start-up baselines,
 * {@code java [options] -cp DIR CLASS} and the single-file source program {@code java [options] FILE.java}.
 *
 * @param label   how tables name it
 * @param prefix  the command before the JVM options the measurement adds ({@code java}), or the whole
 *                command before the program's arguments (the launcher)
 * @param suffix  what follows those options ({@code -jar JAR}, {@code -cp DIR CLASS}); empty for the launcher
 * @param viaEnvironment whether added JVM options go into {@code A2E_BATCH_JAVA_OPTS} instead of the command
 */
public record RunnerCommand(String label, List<String> prefix, List<String> suffix, boolean viaEnvironment) {

    public RunnerCommand {
        prefix = List.copyOf(prefix);
        suffix = List.copyOf(suffix);
    }

    /** The JVM running this suite: the programs measured run on the same one. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** How {@link #javaJar} commands are labelled. */
    public static final String JAVA_JAR = "java -jar";

    /** {@code java -jar JAR}, with the JVM's default options. */
    public static RunnerCommand javaJar(Path jar) {
        return new RunnerCommand(JAVA_JAR, List.of(java()), List.of("-jar", jar.toString()), false);
    }

    /** The launcher script; it is told to use this suite's JVM through {@code JAVA_HOME}. */
    public static RunnerCommand launcher(Path script) {
        return new RunnerCommand("bin/a2e-batch", List.of(script.toString()), List.of(), true);
    }

    /** {@code java -cp CLASSPATH MAIN}, with the JVM's default options. */
    public static RunnerCommand javaMain(String label, Path classPath, String mainClass) {
        return new RunnerCommand(label, List.of(java()), List.of("-cp", classPath.toString(), mainClass), false);
    }

    /** {@code java SOURCE.java}, a single-file source program compiled in memory at launch, with the JVM's defaults. */
    public static RunnerCommand javaSource(String label, Path sourceFile) {
        return new RunnerCommand(label, List.of(java()), List.of(sourceFile.toString()), false);
    }

    /** A process builder for the program with these extra JVM options and arguments. */
    public ProcessBuilder processBuilder(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(prefix);
        if (!viaEnvironment) {
            command.addAll(jvmOptions);
        }
        command.addAll(suffix);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (viaEnvironment) {
            Map<String, String> env = builder.environment();
            env.put("A2E_BATCH_JAVA_OPTS", String.join(" ", jvmOptions));
            Path javaHome = Path.of(java()).toAbsolutePath().getParent().getParent();
            env.put("JAVA_HOME", javaHome.toString());
        }
        return builder;
    }
}
