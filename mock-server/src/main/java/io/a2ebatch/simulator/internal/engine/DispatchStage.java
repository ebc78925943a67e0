package io.a2ebatch.simulator.internal.engine;

import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.tasks.TaskApi;
import io.a2ebatch.spec.schema.Violation;
import tools.jackson.databind.JsonNode;

/** Carries out the routed operation of the task family and wraps its {@code data} in the success envelope. */
final class DispatchStage implements Stage {

    private final TaskApi taskApi;

    DispatchStage(TaskApi taskApi) {
        this.taskApi = taskApi;
    }

    @Override
    public ApiResponse handle(Call call, Next next) {
        Routes.Match match = call.match().orElseThrow();
        String id = match.taskId(call.request());
        if (match.route().queryId() != null && (id == null || id.isBlank())) {
            throw new ApiError(400, "INVALID_REQUEST", "Query parameter " + match.route().queryId() + " is missing; send "
                    + match.route().label() + "?" + match.route().queryId() + "=<the task id of the start answer>",
                    List.of(new Violation(match.route().queryId(), Violation.Rule.REQUIRED, "is required")), Map.of());
        }
        TaskApi.Call op = new TaskApi.Call(call.request(), call.credential().account(), match.route().family(),
                id, call.now(), call.config(), call.baseUrl());
        JsonNode data = switch (match.route().operation()) {
            case START -> taskApi.start(op, call.random());
            case DETAIL -> taskApi.detail(op);
            case BATCH_DETAIL -> taskApi.batchDetail(op);
            case LIST -> taskApi.list(op);
            case DELETE -> taskApi.delete(op);
            default -> throw new IllegalStateException("RouteStage lets no " + match.route().operation() + " through");
        };
        return call.envelope().success(data, call.traceId());
    }
}
