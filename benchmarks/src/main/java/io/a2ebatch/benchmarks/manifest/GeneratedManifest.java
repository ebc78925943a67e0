package io.a2ebatch.benchmarks.manifest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.a2ebatch.manifest.ManifestGenerator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * Writes the manifests the benchmarks read with the runner's own deterministic generator (the code
 * behind {@code a2e-batch generate}), so that every figure can be reproduced from a row count, a
 * family list and a seed, and no large file is ever committed.
 */
public final class GeneratedManifest {

    /** The seed every benchmark uses: the same rows in every run. */
    public static final long SEED = 1;

    private GeneratedManifest() {
    }

    /** Writes {@code rows} rows mixing every task family. */
    public static Path mixed(Path file, long rows) {
        return write(file, rows, List.copyOf(FamilyCatalog.bundled().families()));
    }

    /** Writes {@code rows} rows of one task family. */
    public static Path of(Path file, long rows, String family) {
        return write(file, rows, List.of(FamilyCatalog.bundled().require(family)));
    }

    private static Path write(Path file, long rows, List<TaskFamily> families) {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            new ManifestGenerator(families, SEED).write(rows, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated manifest " + file, e);
        }
        return file;
    }
}
