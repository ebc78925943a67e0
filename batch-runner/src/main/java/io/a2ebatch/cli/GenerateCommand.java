package io.a2ebatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.a2ebatch.manifest.ManifestGenerator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * {@code a2e-batch generate --rows N [--seed S] [--families a,b,...] [--out FILE]}: writes a valid,
 * mixed-family manifest of N rows, the same bytes for the same arguments, to FILE (replaced atomically
 * once complete) or to standard output.
 */
public final class GenerateCommand {

    static final String USAGE = "usage: a2e-batch generate --rows N [--seed S] [--families a,b,...] [--out FILE]";

    /** Generous upper bound, so that a typo (an extra zero or three) fails fast instead of filling the disk. */
    static final long MAX_ROWS = 100_000_000L;

    private GenerateCommand() {
    }

    public static ExitCode execute(List<String> args, PrintStream out, PrintStream err) {
        Long rows = null;
        long seed = ManifestGenerator.DEFAULT_SEED;
        String familyList = null;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String option = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String value;
            if (eq > 0 && arg.startsWith("--")) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return usage(err, arg.startsWith("--") ? arg + " needs a value" : "unexpected argument " + arg);
            }
            switch (option) {
                case "--rows" -> {
                    rows = parseLong(value);
                    if (rows == null || rows < 1 || rows > MAX_ROWS) {
                        return usage(err, "--rows needs a whole number from 1 to " + MAX_ROWS + ", got " + value);
                    }
                }
                case "--seed" -> {
                    Long parsed = parseLong(value);
                    if (parsed == null) {
                        return usage(err, "--seed needs a whole number, got " + value);
                    }
                    seed = parsed;
                }
                case "--families" -> familyList = value;
                case "--out" -> file = Path.of(value);
                default -> {
                    return usage(err, "unknown option " + option);
                }
            }
        }
        if (rows == null) {
            return usage(err, "how many rows? Give --rows N");
        }
        if (file != null && Files.isDirectory(file)) {
            return usage(err, "--out " + file + " is a directory; name the manifest file to write");
        }
        FamilyCatalog catalog = FamilyCatalog.bundled();
        List<TaskFamily> families = new ArrayList<>();
        if (familyList == null) {
            families.addAll(catalog.families());
        } else {
            for (String name : familyList.split(",")) {
                Optional<TaskFamily> family = catalog.find(name.strip());
                if (family.isEmpty()) {
                    return usage(err, "unknown task family '" + name.strip() + "' in --families (see docs/manifest.md#task-families)");
                }
                if (!families.contains(family.get())) {
                    families.add(family.get());
                }
            }
        }
        ManifestGenerator generator = new ManifestGenerator(families, seed);
        try {
            if (file == null) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                generator.write(rows, writer);
                writer.flush();
            } else {
                writeAtomically(generator, rows, file);
                out.println("wrote " + rows + " rows of " + families.size() + " task famil"
                        + (families.size() == 1 ? "y" : "ies") + " to " + file + " (seed " + seed + ")");
            }
        } catch (IOException e) {
            err.println("a2e-batch generate: cannot write " + (file == null ? "to standard output" : file)
                    + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        return ExitCode.SUCCESS;
    }

    private static void writeAtomically(ManifestGenerator generator, long rows, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                    StandardCharsets.UTF_8), 1 << 16)) {
                generator.write(rows, writer);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ExitCode usage(PrintStream err, String message) {
        err.println("a2e-batch generate: " + message);
        err.println(USAGE);
        return ExitCode.USAGE;
    }
}
