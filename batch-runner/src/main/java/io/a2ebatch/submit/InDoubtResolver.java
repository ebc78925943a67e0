package io.a2ebatch.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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

    public InDoubtResolver(A2eClient client, RequestGate gate, int maxPages) {
        this.client = client;
        this.gate = gate;
        this.maxPages = maxPages;
    }

    /**
     * Looks the rows up.
     *
     * @param taken task ids already held by other rows of the run (not adopted twice)
     * @return the task found for each row key that has one; a key absent from the map has no task
     * @throws io.a2ebatch.client.A2eApiException if the list cannot be read (the rows stay in doubt)
     * @throws IllegalStateException              if the family has no list operation
     */
    public Map<String, TaskRecord> resolve(TaskFamily family, List<InDoubt> rows, Predicate<String> taken)
            throws InterruptedException {
        if (family.list().isEmpty()) {
            throw new IllegalStateException(family.name() + " has no list operation to look tasks up with");
        }
        Map<String, TaskRecord> found = new HashMap<>();
        if (rows.isEmpty()) {
            return found;
        }
        Instant horizon = rows.stream().map(InDoubt::submittingAt).min(Comparator.naturalOrder())
                .orElseThrow().minus(CLOCK_SKEW);
        Map<String, InDoubt> byName = new HashMap<>();
        rows.forEach(r -> byName.put(r.taskName(), r));
        List<TaskRecord> unnamedCandidates = new ArrayList<>();
        for (int page = 1; page <= maxPages && found.size() < rows.size(); page++) {
            int pageNum = page;
            TaskPage records = gate.forProvider(family.provider()).read(() -> client.list(family, pageNum, PAGE_SIZE));
            for (TaskRecord record : records.records()) {
                InDoubt row = byName.get(record.name());
                if (family.acceptsName()) {
                    if (row != null && !found.containsKey(row.key()) && !taken.test(record.id())) {
                        found.put(row.key(), record);
                    }
                } else {
                    unnamedCandidates.add(record);
                }
            }
            if (records.records().size() < PAGE_SIZE || olderThan(records, horizon)) {
                break;
            }
        }
        if (!family.acceptsName()) {
            matchByRequestFields(rows, unnamedCandidates, taken, found);
        }
        return found;
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
        List<TaskRecord> oldestFirst = new ArrayList<>(candidates);
        oldestFirst.sort(Comparator.comparing(r -> r.createdAt().orElse(Instant.EPOCH)));
        for (InDoubt row : rows) {
            Instant notBefore = row.submittingAt().minus(CLOCK_SKEW);
            for (TaskRecord candidate : oldestFirst) {
                if (claimed.contains(candidate.id()) || taken.test(candidate.id())
                        || candidate.createdAt().map(t -> t.isBefore(notBefore)).orElse(false)
                        || !echoes(candidate.data(), row.body())) {
                    continue;
                }
                claimed.add(candidate.id());
                found.put(row.key(), candidate);
                break;
            }
        }
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
