package io.a2ebatch.manifest;

import java.util.List;

/**
 * A row that cannot be sent, with every problem found in it.
 *
 * @param line     physical line where the row starts
 * @param key      the key cell as written, possibly empty
 * @param problems every problem, whole-row ones first, then by column
 * @param values   the raw cells, so that a rejects file can reproduce the row exactly
 */
public record InvalidRow(long line, String key, List<ManifestProblem> problems, List<String> values)
        implements RowOutcome {

    public InvalidRow {
        problems = List.copyOf(problems);
        values = List.copyOf(values);
    }
}
