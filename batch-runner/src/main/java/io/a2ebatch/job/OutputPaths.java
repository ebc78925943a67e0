package io.a2ebatch.job;

import java.nio.file.Path;

import io.a2ebatch.config.OutputProperties;

/**
 * Where a run writes: the results file ({@code --results}, default {@code <manifest name>.results.csv}
 * in the working directory) and the rejects file ({@code --rejects}, default beside the results as
 * {@code <results name>.rejects.csv}).
 *
 * @param results results CSV
 * @param rejects rejects CSV
 */
public record OutputPaths(Path results, Path rejects) {

    public static OutputPaths of(OutputProperties output, Path manifest) {
        Path results = output.results() != null ? output.results()
                : Path.of(stripCsv(manifest.getFileName().toString()) + ".results.csv");
        Path rejects = output.rejects() != null ? output.rejects()
                : results.resolveSibling(stripCsv(results.getFileName().toString()) + ".rejects.csv");
        return new OutputPaths(results.toAbsolutePath().normalize(), rejects.toAbsolutePath().normalize());
    }

    private static String stripCsv(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }
}
