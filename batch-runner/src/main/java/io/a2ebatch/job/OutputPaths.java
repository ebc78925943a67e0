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
        return of(output.results(), output.rejects(), manifest);
    }

    /** The paths for {@code --results} and {@code --rejects} as given (either may be null: the default). */
    public static OutputPaths of(Path resultsOption, Path rejectsOption, Path manifest) {
        Path results = resultsOption != null ? resultsOption
                : Path.of(stripCsv(manifest.getFileName().toString()) + ".results.csv");
        Path rejects = rejectsOption != null ? rejectsOption
                : results.resolveSibling(stripCsv(results.getFileName().toString()) + ".rejects.csv");
        return new OutputPaths(results.toAbsolutePath().normalize(), rejects.toAbsolutePath().normalize());
    }

    private static String stripCsv(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }
}
