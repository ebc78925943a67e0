package io.a2ebatch.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * reject naming that line. The database checks the key as it inserts, so the check costs one index
 * look-up per row however long the manifest is. Because the chunk and the step's checkpoint commit
 * together, a chunk replayed after a crash finds nothing of itself in the ledger and writes the same
 * rows again.
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
        List<Ledger.NewRow> pending = new ArrayList<>();
        Map<String, ValidRow> validByKey = new HashMap<>();
        List<ValidRow> repeated = new ArrayList<>();
        List<RejectedRow> rejects = new ArrayList<>();
        for (RowOutcome row : chunk) {
            if (row instanceof ValidRow v) {
                if (validByKey.putIfAbsent(v.key(), v) == null) {
                    pending.add(new Ledger.NewRow(v.key(), v.line(), v.family().name(), v.body().toString()));
                } else {
                    repeated.add(v);
                }
            } else if (row instanceof InvalidRow invalid) {
                rejects.add(new RejectedRow(invalid.line(), invalid.key(),
                        invalid.problems().stream().map(ManifestProblem::format).toList(), invalid.values()));
            }
        }
        // Rejects first, so that a valid row repeating the key of an invalid row above it is caught too.
        ledger.insertRejects(runId, rejects);
        List<Ledger.NewRow> taken = ledger.insertPendingUnlessKeyTaken(runId, pending);
        for (Ledger.NewRow row : taken) {
            repeated.add(validByKey.get(row.key()));
        }
        List<RejectedRow> duplicates = new ArrayList<>(repeated.size());
        for (ValidRow v : repeated) {
            ManifestProblem duplicate = converter.get().duplicateKey(v.line(), v.key(),
                    ledger.firstLineOf(runId, v.key()));
            duplicates.add(new RejectedRow(v.line(), v.key(), List.of(duplicate.format()), v.values()));
        }
        ledger.insertRejects(runId, duplicates);
    }
}
