package io.a2ebatch.ledger;

import java.util.List;

/**
 * A manifest row that was not valid and is not sent.
 *
 * @param line     manifest line where the row starts
 * @param key      its key (may be empty)
 * @param problems every problem, formatted with file, line, column and field
 * @param record   the raw cells, so the rejects file can reproduce the row for fixing
 */
public record RejectedRow(long line, String key, List<String> problems, List<String> record) {

    public RejectedRow {
        problems = List.copyOf(problems);
        record = List.copyOf(record);
    }
}
