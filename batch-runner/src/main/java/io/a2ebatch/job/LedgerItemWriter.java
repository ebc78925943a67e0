package io.a2ebatch.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RejectedRow;
import io.a2ebatch.ledger.RowPlanner;
import io.a2ebatch.manifest.InvalidRow;
import io.a2ebatch.manifest.ManifestProblem;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.run.RunPass;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records a chunk of the pass's manifest in the ledger inside the chunk's transaction: each valid row
 * with the {@link RowPlanner}'s decision against what the ledger holds for its key (new, kept,
 * followed, sent again, held because it changed after its task was created), invalid rows as rejects,
 * and a valid row whose key an earlier line of this manifest (valid or not) already used as a reject
 * naming that line. Two look-ups per chunk, however long the ledger is. Because the chunk and the
 * step's checkpoint commit together, a chunk replayed after a crash finds nothing of itself in the
 * ledger and is decided again the same way.
 */
public class LedgerItemWriter implements ItemWriter<RowOutcome> {

    private final Ledger ledger;
    private final RunPass pass;
    private final RowPlanner planner;
    private final Supplier<RowConverter> converter;

    /**
     * @param converter the manifest's converter, known once the reader is open; it words
     *                  duplicate-key problems as {@code validate} does
     */
    public LedgerItemWriter(Ledger ledger, RunPass pass, RowPlanner planner, Supplier<RowConverter> converter) {
        this.ledger = ledger;
        this.pass = pass;
        this.planner = planner;
        this.converter = converter;
    }

    @Override
    public void write(Chunk<? extends RowOutcome> chunk) {
        Map<String, ValidRow> validByKey = new LinkedHashMap<>();
        List<ValidRow> repeated = new ArrayList<>();
        List<RejectedRow> rejects = new ArrayList<>();
        for (RowOutcome row : chunk) {
            if (row instanceof ValidRow v) {
                if (validByKey.putIfAbsent(v.key(), v) != null) {
                    repeated.add(v);
                }
            } else if (row instanceof InvalidRow invalid) {
                rejects.add(new RejectedRow(invalid.line(), invalid.key(),
                        invalid.problems().stream().map(ManifestProblem::format).toList(), invalid.values()));
            }
        }
        // Rejects first, so that a valid row repeating the key of an invalid row above it is caught too.
        ledger.insertRejects(pass, rejects);
        Map<String, LedgerRow> known = ledger.rows(pass.runId(), validByKey.keySet());
        Map<String, Long> rejectLines = ledger.firstRejectLines(pass, validByKey.keySet());
        List<RowPlanner.Decision> decisions = new ArrayList<>(validByKey.size());
        Map<String, Long> firstLines = new LinkedHashMap<>();
        for (ValidRow v : validByKey.values()) {
            LedgerRow existing = known.get(v.key());
            long first = v.line();
            if (existing != null && existing.seenPass() == pass.pass()) {
                first = Math.min(first, existing.line());
            }
            first = Math.min(first, rejectLines.getOrDefault(v.key(), Long.MAX_VALUE));
            firstLines.put(v.key(), first);
            if (first < v.line()) {
                repeated.add(v);
            } else {
                decisions.add(planner.decide(new RowPlanner.Incoming(v.key(), v.line(), v.family().name(),
                        v.body().toString()), existing, pass.pass()));
            }
        }
        ledger.record(pass, decisions);
        List<RejectedRow> duplicates = new ArrayList<>(repeated.size());
        for (ValidRow v : repeated) {
            ManifestProblem duplicate = converter.get().duplicateKey(v.line(), v.key(), firstLines.get(v.key()));
            duplicates.add(new RejectedRow(v.line(), v.key(), List.of(duplicate.format()), v.values()));
        }
        ledger.insertRejects(pass, duplicates);
    }
}
