package io.a2ebatch.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.TaskPage;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.RequestGate;
import tools.jackson.databind.JsonNode;

/**
 * Settles rows in doubt by reading the family's task list, newest first, until it reaches tasks
 * created well before the oldest doubtful request. A row is matched by its task name, which carries
 * the run tag and the row key. For a family whose start request has no {@code name} (headSwap), the
 * match is on the request fields the record echoes and the creation time: best effort, documented.
 */
public final class InDoubtResolver {

    /** Allowance for clock differences between this machine and A2E. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
    private static final int PAGE_SIZE = 100;

    private final A2eClient client;
    private final RequestGate gate;
    private final int maxPages;

    /**
     * @param maxPages pages of the list a look-up reads beyond those the run's own starts since the horizon
     *                 fill ({@code a2e.tracking.lookup-max-pages}): room for tasks others created meanwhile
     */
    public InDoubtResolver(A2eClient client, RequestGate gate, int maxPages) {
        this.client = client;
        this.gate = gate;
        this.maxPages = maxPages;
    }

    /**
     * What a look-up found, and whether it read the list back far enough to know that a row it did not find
     * has no task.
     *
     * @param found    the task found for each row key that has one
     * @param complete whether the look-up reached tasks created before the horizon, or the end of the list, or
     *                 found every row: only then is a row it did not find known to have no task
     * @param pages    list pages read
     */
    public record Lookup(Map<String, TaskRecord> found, boolean complete, int pages) {

        /** Whether the row of {@code key} is known to have no task: only such a row may be sent again. */
        public boolean absent(String key) {
            return complete && !found.containsKey(key);
        }
    }

    /**
     * Looks the rows up. The list is read newest first, so a task created at the doubtful request sits behind
     * every task created since: the run's own starts since the horizon ({@code ownStartsSince}, asked only
     * when {@code maxPages} pages were not enough) add the pages they fill to the look-up's budget, so that a
     * run sending thousands of starts a second still reaches its own doubtful request. A look-up that runs out
     * of pages all the same is not complete ({@link Lookup#absent} is then false for every row): a row it did
     * not find stays in doubt, since its task may be further back.
     *
     * @param taken          task ids already held by other rows of the run (not adopted twice)
     * @param ownStartsSince the run's start requests of this family sent since an instant
     * @throws io.a2ebatch.client.A2eApiException if the list cannot be read (the rows stay in doubt)
     * @throws IllegalStateException              if the family has no list operation
     */
    public Lookup resolve(TaskFamily family, List<InDoubt> rows, Predicate<String> taken,
                          ToLongFunction<Instant> ownStartsSince) throws InterruptedException {
        if (family.list().isEmpty()) {
            throw new IllegalStateException(family.name() + " has no list operation to look tasks up with");
        }
        Map<String, TaskRecord> found = new HashMap<>();
        if (rows.isEmpty()) {
            return new Lookup(found, true, 0);
        }
        Instant horizon = rows.stream().map(InDoubt::submittingAt).min(Comparator.naturalOrder())
                .orElseThrow().minus(CLOCK_SKEW);
        Map<String, InDoubt> byName = new HashMap<>();
        rows.forEach(r -> byName.put(r.taskName(), r));
        List<TaskRecord> unnamedCandidates = new ArrayList<>();
        long budget = maxPages;
        boolean extended = false;
        boolean reachedHorizon = false;
        int page = 0;
        while (found.size() < rows.size()) {
            if (page == budget && !extended) {
                budget += (ownStartsSince.applyAsLong(horizon) + PAGE_SIZE - 1) / PAGE_SIZE;
                extended = true;
            }
            if (page == budget) {
                break;
            }
            int pageNum = ++page;
            TaskPage records = gate.forProvider(family.provider()).read(() -> client.list(family, pageNum, PAGE_SIZE));
            for (TaskRecord record : records.records()) {
                InDoubt row = byName.get(record.name());
                if (family.acceptsName()) {
                    if (row != null && !found.containsKey(row.key()) && !taken.test(record.id())) {
                        found.put(row.key(), record);
                    }
                } else if (rows.stream().anyMatch(r -> echoes(record.data(), r.body()))) {
                    // Only a record that echoes a row's request can match it: the others are not kept, so
                    // that a look-up reading thousands of pages holds no more than its candidates.
                    unnamedCandidates.add(record);
                }
            }
            if (records.records().size() < PAGE_SIZE || olderThan(records, horizon)) {
                reachedHorizon = true;
                break;
            }
        }
        if (!family.acceptsName()) {
            matchByRequestFields(rows, unnamedCandidates, taken, found);
        }
        return new Lookup(found, reachedHorizon || found.size() == rows.size(), page);
    }

    /** Whether the last (oldest) task of a newest-first page was created before {@code horizon}. */
    static boolean olderThan(TaskPage page, Instant horizon) {
        TaskRecord last = page.records().get(page.records().size() - 1);
        return last.createdAt().map(t -> t.isBefore(horizon)).orElse(false);
    }

    /** Oldest unclaimed candidate whose echoed fields equal the request and that is not older than it. */
    static void matchByRequestFields(List<InDoubt> rows, List<TaskRecord> candidates,
                                             Predicate<String> taken, Map<String, TaskRecord> found) {
        Set<String> claimed = new HashSet<>();
        // Each creation time parsed once (a record parses it when asked), then compared rows × candidates times.
        List<Dated> oldestFirst = new ArrayList<>(candidates.size());
        candidates.forEach(r -> oldestFirst.add(new Dated(r, r.createdAt())));
        oldestFirst.sort(Comparator.comparing(d -> d.createdAt().orElse(Instant.EPOCH)));
        for (InDoubt row : rows) {
            Instant notBefore = row.submittingAt().minus(CLOCK_SKEW);
            for (Dated dated : oldestFirst) {
                TaskRecord candidate = dated.record();
                if (claimed.contains(candidate.id()) || taken.test(candidate.id())
                        || dated.createdAt().map(t -> t.isBefore(notBefore)).orElse(false)
                        || !echoes(candidate.data(), row.body())) {
                    continue;
                }
                claimed.add(candidate.id());
                found.put(row.key(), candidate);
                break;
            }
        }
    }

    /** A candidate with its creation time, if it has a readable one. */
    private record Dated(TaskRecord record, Optional<Instant> createdAt) {
    }

    private static boolean echoes(JsonNode record, JsonNode body) {
        int compared = 0;
        for (var field : body.properties()) {
            JsonNode echoed = record.get(field.getKey());
            if (echoed != null && field.getValue().isValueNode()) {
                if (!echoed.equals(field.getValue())) {
                    return false;
                }
                compared++;
            }
        }
        return compared > 0;
    }
}
