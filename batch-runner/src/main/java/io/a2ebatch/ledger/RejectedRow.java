package io.a2ebatch.ledger;

import java.util.List;

/**
 * A manifest row that was not valid and is not sent.
 *
 * @param line     manifest line where the row starts
 * @param key      its key (may be empty), cut to the ledger column's width, NULs replaced
 * @param problems every problem, formatted with file, line, column and field
 * @param record   the raw cells, so the rejects file can reproduce the row for fixing
 */
public record RejectedRow(long line, String key, List<String> problems, List<String> record) {

    /** Width of {@code A2E_REJECT.ROW_KEY}; a longer key (itself a reason to reject) is kept whole in {@code record}. */
    static final int MAX_STORED_KEY = 1000;
    /**
     * Characters of a rejected row's cells kept in {@code A2E_REJECT.RECORD} (1,000,000 wide; JSON escaping
     * makes a character at most 6). Only a row with a pasted-in megabyte comes near it; its long cells are cut.
     */
    static final int MAX_STORED_CELLS = 150_000;

    public RejectedRow {
        // PostgreSQL's text columns cannot hold U+0000; such a key is a reason to reject, not to fail ingest.
        key = key.replace('\u0000', '\uFFFD');
        if (key.length() > MAX_STORED_KEY) {
            int end = Character.isHighSurrogate(key.charAt(MAX_STORED_KEY - 1)) ? MAX_STORED_KEY - 1 : MAX_STORED_KEY;
            key = key.substring(0, end);
        }
        problems = List.copyOf(problems);
        record = List.copyOf(fitted(record));
    }

    private static List<String> fitted(List<String> cells) {
        long total = cells.stream().mapToLong(String::length).sum();
        if (total <= MAX_STORED_CELLS) {
            return cells;
        }
        int each = MAX_STORED_CELLS / Math.max(1, cells.size());
        return cells.stream().map(c -> c.length() <= each ? c
                : c.substring(0, each) + "… (cut from " + c.length() + " characters)").toList();
    }
}
