package io.a2ebatch.simulator.internal.admin;

import java.util.Map;
import java.util.TreeMap;

import io.a2ebatch.simulator.CallbackStats;
import io.a2ebatch.simulator.FileHostStats;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.simulator.internal.http.Json;
import tools.jackson.databind.node.ObjectNode;

/** {@link SimulatorStats} as {@code GET /__a2e/stats} writes it: snake_case names, maps sorted. */
public final class StatsJson {

    private StatsJson() {
    }

    /** The JSON of {@code GET /__a2e/stats}, snake_case, maps sorted. */
    public static String toJson(SimulatorStats stats) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("started_at", Json.iso(stats.startedAt().toEpochMilli()));
        root.put("seed", stats.seed());
        root.put("requests_total", stats.requestsTotal());
        putSorted(root.putObject("requests_by_operation"), stats.requestsByOperation());
        ObjectNode statuses = root.putObject("responses_by_status");
        new TreeMap<>(stats.responsesByStatus()).forEach((status, n) -> statuses.put(String.valueOf(status), n));
        root.put("rate_limited", stats.rateLimited());
        root.put("errors_injected", stats.errorsInjected());
        root.put("faults_injected", stats.faultsInjected());
        ObjectNode onStart = root.putObject("injected_on_start");
        onStart.put("task_created", stats.injectedOnStartTaskCreated());
        onStart.put("no_task", stats.injectedOnStartNoTask());
        root.put("tasks_created", stats.tasksCreated());
        root.put("tasks_deleted", stats.tasksDeleted());
        putSorted(root.putObject("tasks_by_name"), stats.tasksByName());
        putSorted(root.putObject("tasks_by_state"), stats.tasksByState());
        putSorted(root.putObject("tasks_by_family"), stats.tasksByFamily());
        putSorted(root.putObject("credits"), stats.credits());
        root.put("admin_requests", stats.adminRequests());
        root.put("listener_errors", stats.listenerErrors());
        FileHostStats files = stats.files();
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
        CallbackStats callbacks = stats.callbacks();
        ObjectNode callbackNode = root.putObject("callbacks");
        callbackNode.put("sent", callbacks.sent());
        callbackNode.put("failed", callbacks.failed());
        callbackNode.put("retried", callbacks.retried());
        callbackNode.put("dropped", callbacks.dropped());
        callbackNode.put("duplicated", callbacks.duplicated());
        callbackNode.put("pending", callbacks.pending());
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void putSorted(ObjectNode node, Map<String, Long> values) {
        new TreeMap<>(values).forEach(node::put);
    }
}
