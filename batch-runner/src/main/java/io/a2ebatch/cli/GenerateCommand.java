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

    private GenerateCommand() {
    }

    /**
     * What to generate, checked by {@link Cli}.
     *
     * @param rows     rows to write
     * @param seed     the generator's seed
     * @param families comma-separated task families, or all
     * @param out      file to write, or standard output
     */
    public record Request(long rows, long seed, Optional<String> families, Optional<Path> out) {
    }

    public static ExitCode execute(Request request, PrintStream out, PrintStream err) {
        long rows = request.rows();
        long seed = request.seed();
        String familyList = request.families().orElse(null);
        Path file = request.out().orElse(null);
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

    private static ExitCode usage(PrintStream err, String message) {
        err.println("a2e-batch generate: " + message);
        err.println("  (see a2e-batch generate --help)");
        return ExitCode.USAGE;
    }
}
