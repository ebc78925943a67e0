package io.a2ebatch.manifest;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code datasets/} folder from wherever the tests run (module or root). */
public final class Datasets {

    private Datasets() {
    }

    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets");
            if (Files.isRegularFile(candidate.resolve("demo.csv"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no datasets/demo.csv above " + Path.of("").toAbsolutePath());
    }
}
