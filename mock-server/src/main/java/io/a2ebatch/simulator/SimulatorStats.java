package io.a2ebatch.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.a2ebatch.simulator.engine.Json;
import io.a2ebatch.simulator.files.FileHostStats;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a simulator has seen and holds, as {@code GET /__a2e/stats} returns it ({@link #toJson()}).
 * Counters run from the start or the last {@code reset}; requests to the inspection API are counted
 * only in {@code adminRequests}. Accounts are named by their masked token.
 *
 * @param startedAt                  when the simulator (or the last reset) started counting
 * @param seed                       the seed in use, to repeat a run
 * @param requestsTotal              API, result-file and unknown-path requests answered or dropped
 * @param requestsByOperation        those requests by operation wire name ({@code start}, {@code detail} ...)
 * @param responsesByStatus          those requests by HTTP status; 0 counts dropped connections
 * @param rateLimited                429 responses sent
 * @param errorsInjected             injected 500/503 responses
 * @param faultsInjected             injected dropped connections
 * @param injectedOnStartTaskCreated injected failures of start requests whose task was created anyway
 * @param injectedOnStartNoTask      injected failures of start requests that created nothing
 * @param tasksCreated               tasks created, deleted ones included
 * @param tasksDeleted               tasks deleted
 * @param tasksByName                tasks created by task name ({@code ""} for unnamed)
 * @param tasksByState               live tasks by current status
 * @param tasksByFamily              tasks created by family
 * @param credits                    balance by masked account
 * @param adminRequests              requests to {@code /__a2e/...}
 * @param listenerErrors             exceptions thrown by exchange listeners
 * @param files                      what the result-file host served ({@link FileHostStats#NONE} without one)
 */
public record SimulatorStats(Instant startedAt, long seed, long requestsTotal, Map<String, Long> requestsByOperation,
                             Map<Integer, Long> responsesByStatus, long rateLimited, long errorsInjected,
                             long faultsInjected, long injectedOnStartTaskCreated, long injectedOnStartNoTask,
                             long tasksCreated, long tasksDeleted, Map<String, Long> tasksByName,
                             Map<String, Long> tasksByState, Map<String, Long> tasksByFamily,
                             Map<String, Long> credits, long adminRequests, long listenerErrors,
                             FileHostStats files) {

    public SimulatorStats {
        requestsByOperation = Map.copyOf(requestsByOperation);
        responsesByStatus = Map.copyOf(responsesByStatus);
        tasksByName = Map.copyOf(tasksByName);
        tasksByState = Map.copyOf(tasksByState);
        tasksByFamily = Map.copyOf(tasksByFamily);
        credits = Map.copyOf(credits);
    }

    /** Requests of one operation. */
    public long requests(SimulatorOperation operation) {
        return requestsByOperation.getOrDefault(operation.wireName(), 0L);
    }

    /** Responses with one HTTP status (0: dropped connections). */
    public long responses(int status) {
        return responsesByStatus.getOrDefault(status, 0L);
    }

    /** Tasks created with this name. */
    public long tasksNamed(String name) {
        return tasksByName.getOrDefault(name, 0L);
    }

    /** The JSON of {@code GET /__a2e/stats}, snake_case, maps sorted. */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("started_at", Json.iso(startedAt.toEpochMilli()));
        root.put("seed", seed);
        root.put("requests_total", requestsTotal);
        putSorted(root.putObject("requests_by_operation"), requestsByOperation);
        ObjectNode statuses = root.putObject("responses_by_status");
        new TreeMap<>(responsesByStatus).forEach((status, n) -> statuses.put(String.valueOf(status), n));
        root.put("rate_limited", rateLimited);
        root.put("errors_injected", errorsInjected);
        root.put("faults_injected", faultsInjected);
        ObjectNode onStart = root.putObject("injected_on_start");
        onStart.put("task_created", injectedOnStartTaskCreated);
        onStart.put("no_task", injectedOnStartNoTask);
        root.put("tasks_created", tasksCreated);
        root.put("tasks_deleted", tasksDeleted);
        putSorted(root.putObject("tasks_by_name"), tasksByName);
        putSorted(root.putObject("tasks_by_state"), tasksByState);
        putSorted(root.putObject("tasks_by_family"), tasksByFamily);
        putSorted(root.putObject("credits"), credits);
        root.put("admin_requests", adminRequests);
        root.put("listener_errors", listenerErrors);
        ObjectNode fileNode = root.putObject("files");
        fileNode.put("requests", files.requests());
        fileNode.put("bytes_served", files.bytesServed());
        fileNode.put("range_requests", files.rangeRequests());
        fileNode.put("complete_responses", files.completeResponses());
        fileNode.put("cuts", files.cuts());
        fileNode.put("errors_injected", files.errorsInjected());
        fileNode.put("expired", files.expired());
        fileNode.put("not_found", files.notFound());
        fileNode.put("with_authorization", files.withAuthorization());
        fileNode.put("in_progress", files.inProgress());
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void putSorted(ObjectNode node, Map<String, Long> values) {
        new TreeMap<>(values).forEach(node::put);
    }
}
