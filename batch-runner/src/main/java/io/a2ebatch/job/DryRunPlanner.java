package io.a2ebatch.job;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.a2ebatch.config.RunProperties;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.Plan;
import io.a2ebatch.ledger.RowPlanner;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.manifest.ManifestReader;
import io.a2ebatch.manifest.ManifestRecord;
import io.a2ebatch.manifest.RowConverter;
import io.a2ebatch.manifest.RowOutcome;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.report.PlanReport;
import io.a2ebatch.run.RunIdentity;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.springframework.stereotype.Component;

/**
 * {@code run --dry-run} and {@code plan}: the plan of the next pass, decided by the same
 * {@link RowPlanner} as {@code run}, without writing anything, taking the lease or contacting A2E.
 * It keeps the manifest's keys in memory to find repeated and missing keys (the real pass finds them
 * in the ledger instead): about 100 bytes a key.
 */
@Component
public class DryRunPlanner {

    private static final int BATCH = 1000;

    private final Ledger ledger;
    private final RunProperties runProperties;

    public DryRunPlanner(Ledger ledger, RunProperties runProperties) {
        this.ledger = ledger;
        this.runProperties = runProperties;
    }

    /**
     * The plan and whether the job repository knows the run.
     *
     * @param identity the run
     * @param report   what the next pass would do
     * @param known    false on fresh state (the run would first reconcile with A2E)
     */
    public record DryRun(RunIdentity identity, PlanReport report, boolean known) {
        public String format() {
            String text = report.format();
            if (!known) {
                text += "  the job repository does not know this run: `run` would first look for its tasks at A2E"
                        + " (reconcile) and adopt them instead of sending those rows" + System.lineSeparator();
            }
            return text + "  dry run: nothing was sent or recorded" + System.lineSeparator();
        }
    }

    public DryRun plan(RunIdentity identity) throws ManifestException {
        Optional<Ledger.RunRecord> run = ledger.run(identity.name());
        long pass = run.map(r -> r.pass() + 1).orElse(1L);
        long runId = run.map(Ledger.RunRecord::id).orElse(Ledger.NO_RUN);
        RowPlanner planner = new RowPlanner(ManifestJobConfiguration.planOptions(runProperties));
        Map<Plan, Long> counts = new EnumMap<>(Plan.class);
        List<LedgerRow> held = new ArrayList<>();
        Set<String> validKeys = new HashSet<>();
        Set<String> rejectedKeys = new HashSet<>();
        long rejected = 0;
        long matched = 0;
        try (ManifestReader reader = ManifestReader.open(identity.manifest())) {
            RowConverter converter = new RowConverter(reader.file(), reader.header(), FamilyCatalog.everyProvider());
            List<ValidRow> batch = new ArrayList<>(BATCH);
            for (ManifestRecord record = reader.next(); record != null; record = reader.next()) {
                RowOutcome outcome = converter.convert(record);
                if (outcome instanceof ValidRow v && !validKeys.contains(v.key()) && !rejectedKeys.contains(v.key())) {
                    validKeys.add(v.key());
                    batch.add(v);
                } else {
                    rejected++;
                    if (!(outcome instanceof ValidRow)) {
                        rejectedKeys.add(outcome.key());
                    }
                }
                if (batch.size() == BATCH) {
                    matched += decide(runId, batch, planner, pass, counts, held);
                }
            }
            matched += decide(runId, batch, planner, pass, counts, held);
        }
        long inLedger = ledger.counts(runId).values().stream().mapToLong(Long::longValue).sum();
        List<String> missingSample = new ArrayList<>();
        String after = "";
        while (missingSample.size() < PlanReport.SAMPLE && inLedger > matched) {
            List<LedgerRow> page = ledger.rowsByKey(runId, after, BATCH);
            for (LedgerRow row : page) {
                if (!validKeys.contains(row.key()) && missingSample.size() < PlanReport.SAMPLE) {
                    missingSample.add(row.key());
                }
            }
            if (page.size() < BATCH) {
                break;
            }
            after = page.get(page.size() - 1).key();
        }
        return new DryRun(identity, new PlanReport(identity.name(), identity.tag(), pass, counts, held,
                inLedger - matched, missingSample, rejected, null), run.isPresent());
    }

    /** Decides a batch of rows; returns how many of them the ledger already had. */
    private long decide(long runId, List<ValidRow> batch, RowPlanner planner, long pass,
                        Map<Plan, Long> counts, List<LedgerRow> held) {
        Map<String, LedgerRow> known = ledger.rows(runId, batch.stream().map(ValidRow::key).toList());
        for (ValidRow v : batch) {
            RowPlanner.Decision d = planner.decide(new RowPlanner.Incoming(v.key(), v.line(), v.family().name(),
                    v.body().toString()), known.get(v.key()), pass);
            counts.merge(d.plan(), 1L, Long::sum);
            if (d.plan() == Plan.CHANGED_HELD && held.size() < PlanReport.SAMPLE) {
                held.add(d.after());
            }
        }
        long matched = known.size();
        batch.clear();
        return matched;
    }
}
