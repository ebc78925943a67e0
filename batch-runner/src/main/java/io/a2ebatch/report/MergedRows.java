package io.a2ebatch.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RejectedRow;

/**
 * Walks the finished and the rejected rows of a run together in manifest-line order, each read from
 * the ledger a page at a time, so memory stays flat however long the manifest is.
 */
final class MergedRows {

    private static final int PAGE = 1000;

    private MergedRows() {
    }

    static void inLineOrder(Ledger ledger, RunPass pass, Consumer<LedgerRow> finished, Consumer<RejectedRow> rejected) {
        // Before the first row of the pass has finished (a run's first start), only rejects are shown.
        boolean anyFinished = ledger.anyFinished(pass);
        Cursor<LedgerRow> rows = new Cursor<>(after -> anyFinished ? ledger.rowsAfter(pass, after, PAGE) : List.of(),
                LedgerRow::line);
        Cursor<RejectedRow> rejects = new Cursor<>(after -> ledger.rejectsAfter(pass, after, PAGE), RejectedRow::line);
        while (rows.hasNext() || rejects.hasNext()) {
            if (!rejects.hasNext() || (rows.hasNext() && rows.peekLine() < rejects.peekLine())) {
                LedgerRow row = rows.next();
                if (row.state().isFinal()) {
                    finished.accept(row);
                }
            } else {
                rejected.accept(rejects.next());
            }
        }
    }

    /** Keyset pagination by line. */
    private static final class Cursor<T> {
        private final LongFunction<List<T>> pageAfter;
        private final ToLongFunction<T> line;
        private final Deque<T> buffer = new ArrayDeque<>();
        private long last;
        private boolean exhausted;

        Cursor(LongFunction<List<T>> pageAfter, ToLongFunction<T> line) {
            this.pageAfter = pageAfter;
            this.line = line;
        }

        boolean hasNext() {
            if (buffer.isEmpty() && !exhausted) {
                List<T> page = pageAfter.apply(last);
                buffer.addAll(page);
                exhausted = page.size() < PAGE;
                if (!page.isEmpty()) {
                    last = line.applyAsLong(page.get(page.size() - 1));
                }
            }
            return !buffer.isEmpty();
        }

        long peekLine() {
            return line.applyAsLong(buffer.peekFirst());
        }

        T next() {
            hasNext();
            return buffer.pollFirst();
        }
    }
}
