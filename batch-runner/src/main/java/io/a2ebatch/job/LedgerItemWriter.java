package io.a2ebatch.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RejectedRow;
import io.a2ebatch.manifest.InvalidRow;
import io.a2ebatch.manifest.ManifestProblem;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.manifest.ValidRow;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes a chunk of rows to the ledger inside the chunk's transaction: valid rows as pending,
 * invalid ones as rejects, and a valid row whose key an earlier row (valid or not) already used as a
 * reject naming that line. Because the chunk and the step's checkpoint commit together, a chunk replayed after a crash
 * finds nothing of itself in the ledger and writes the same rows again.
 */
public class LedgerItemWriter implements ItemWriter<RowOutcome> {

    private final Ledger ledger;
    private final long runId;
    private final Supplier<RowConverter> converter;

    /**
     * @param converter the manifest's converter, known once the reader is open; it words
     *                  duplicate-key problems as {@code validate} does
     */
    public LedgerItemWriter(Ledger ledger, long runId, Supplier<RowConverter> converter) {
        this.ledger = ledger;
        this.runId = runId;
        this.converter = converter;
    }

    @Override
    public void write(Chunk<? extends RowOutcome> chunk) {
        Set<String> keys = new LinkedHashSet<>();
        for (RowOutcome row : chunk) {
            if (!row.key().isEmpty()) {
                keys.add(row.key());
            }
        }
        Map<String, Long> firstLine = new HashMap<>(ledger.linesOf(runId, keys));
        List<Ledger.NewRow> pending = new ArrayList<>();
        List<RejectedRow> rejects = new ArrayList<>();
        for (RowOutcome row : chunk) {
            if (row instanceof ValidRow valid) {
                Long first = firstLine.putIfAbsent(valid.key(), valid.line());
                if (first == null) {
                    pending.add(new Ledger.NewRow(valid.key(), valid.line(), valid.family().name(),
                            valid.body().toString()));
                } else {
                    ManifestProblem duplicate = converter.get().duplicateKey(valid.line(), valid.key(), first);
                    rejects.add(new RejectedRow(valid.line(), valid.key(), List.of(duplicate.format()),
                            valid.values()));
                }
            } else if (row instanceof InvalidRow invalid) {
                if (!invalid.key().isEmpty()) {
                    firstLine.putIfAbsent(invalid.key(), invalid.line());
                }
                rejects.add(new RejectedRow(invalid.line(), invalid.key(),
                        invalid.problems().stream().map(ManifestProblem::format).toList(), invalid.values()));
            }
        }
        ledger.insertPending(runId, pending);
        ledger.insertRejects(runId, rejects);
    }
}
