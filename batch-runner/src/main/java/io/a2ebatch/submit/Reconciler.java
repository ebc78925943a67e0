package io.a2ebatch.submit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.TaskPage;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.RequestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A2E as the last line of defence: when the job repository did not know a run (new machine, deleted
 * state), reads the list of each family the manifest uses, newest first, back to a horizon, and adopts
 * the tasks whose names carry this run's tag, by key, before anything is sent. A family whose requests
 * take no name is matched on the request fields its records echo, as the in-doubt look-up does: best
 * effort, since a task of another run with the same inputs looks the same.
 */
public final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final int PAGE_SIZE = 100;
    /** Pending rows read, and tasks adopted, per ledger transaction. */
    private static final int ROWS_PAGE = 1000;

    private final A2eClient client;
    private final RequestGate gate;
    private final Ledger ledger;
    private final FamilyCatalog catalog;
    private final TaskNaming naming;
    private final Clock clock;

    public Reconciler(A2eClient client, RequestGate gate, Ledger ledger, FamilyCatalog catalog, TaskNaming naming,
                      Clock clock) {
        this.client = client;
        this.gate = gate;
        this.ledger = ledger;
        this.catalog = catalog;
        this.naming = naming;
        this.clock = clock;
    }

    /**
     * What the reconcile did.
     *
     * @param families  families whose list was read
     * @param pages     list pages read (one request each)
     * @param tasksRead task records read
     * @param adopted   rows that got an existing task instead of a new one
     * @param unlisted  families of pending rows that have no list operation (nothing to adopt from)
     */
    public record Result(int families, long pages, long tasksRead, long adopted, List<String> unlisted) {
    }

    /** Reconciles the run's pending rows with the tasks A2E created since {@code since} ago. */
    public Result reconcile(RunPass pass, Duration since) throws InterruptedException {
        Instant horizon = clock.instant().minus(since);
        int families = 0;
        long pages = 0;
        long read = 0;
        long adopted = 0;
        List<String> unlisted = new ArrayList<>();
        for (String name : ledger.pendingFamilies(pass.runId())) {
            TaskFamily family = catalog.require(name);
            if (family.list().isEmpty()) {
                unlisted.add(name);
                continue;
            }
            families++;
            Map<String, TaskRecord> newest = new HashMap<>();
            Map<String, Integer> attempts = new HashMap<>();
            List<TaskRecord> unnamed = new ArrayList<>();
            long readHere = 0;
            for (int page = 1; ; page++) {
                int pageNum = page;
                TaskPage records = gate.forProvider(family.provider()).read(() -> client.list(family, pageNum, PAGE_SIZE));
                pages++;
                readHere += records.records().size();
                for (TaskRecord record : records.records()) {
                    if (record.createdAt().map(t -> t.isBefore(horizon)).orElse(false)) {
                        continue;
                    }
                    if (!family.acceptsName()) {
                        unnamed.add(record);
                        continue;
                    }
                    naming.parse(record.name()).ifPresent(parsed -> {
                        // Newest first: the highest attempt of a key wins, and of one attempt the newest.
                        if (attempts.getOrDefault(parsed.key(), 0) < parsed.attempt()) {
                            attempts.put(parsed.key(), parsed.attempt());
                            newest.put(parsed.key(), record);
                        }
                    });
                }
                if (records.records().size() < PAGE_SIZE || InDoubtResolver.olderThan(records, horizon)) {
                    break;
                }
            }
            long adoptedHere = family.acceptsName() ? adoptNamed(pass, newest, attempts)
                    : adoptByEchoedFields(pass, family, unnamed, horizon);
            adopted += adoptedHere;
            read += readHere;
            log.info("Reconcile with A2E: {}: {} task(s) read, {} adopted", name, readHere, adoptedHere);
        }
        return new Result(families, pages, read, adopted, unlisted);
    }

    private long adoptNamed(RunPass pass, Map<String, TaskRecord> byKey, Map<String, Integer> attempts) {
        long adopted = 0;
        Instant now = clock.instant();
        List<Ledger.Adoption> group = new ArrayList<>();
        for (var found : byKey.entrySet()) {
            TaskRecord task = found.getValue();
            group.add(new Ledger.Adoption(found.getKey(), task.name(), task.id(), attempts.get(found.getKey())));
            if (group.size() == ROWS_PAGE) {
                adopted += ledger.adopt(pass, group, now);
                group.clear();
            }
        }
        return adopted + ledger.adopt(pass, group, now);
    }

    private long adoptByEchoedFields(RunPass pass, TaskFamily family, List<TaskRecord> candidates, Instant horizon) {
        if (candidates.isEmpty()) {
            return 0;
        }
        long adopted = 0;
        Instant now = clock.instant();
        // InDoubtResolver ignores candidates older than submittingAt - CLOCK_SKEW: this makes that the horizon.
        Instant notBefore = horizon.plus(InDoubtResolver.CLOCK_SKEW);
        long after = 0;
        while (true) {
            List<LedgerRow> page = ledger.pending(pass, after, ROWS_PAGE);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).line();
            List<InDoubt> rows = new ArrayList<>();
            for (LedgerRow row : page) {
                if (row.family().equals(family.name())) {
                    rows.add(new InDoubt(row.key(), null, (ObjectNode) SpecJson.MAPPER.readTree(row.request()),
                            notBefore));
                }
            }
            Map<String, TaskRecord> found = new HashMap<>();
            InDoubtResolver.matchByRequestFields(rows, candidates, id -> ledger.isTaskIdTaken(pass, id), found);
            adopted += ledger.adopt(pass, found.entrySet().stream().map(match -> new Ledger.Adoption(match.getKey(),
                    match.getValue().name(), match.getValue().id(), 1)).toList(), now);
            if (page.size() < ROWS_PAGE) {
                break;
            }
        }
        return adopted;
    }
}
