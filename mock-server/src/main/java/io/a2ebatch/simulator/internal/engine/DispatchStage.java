package io.a2ebatch.simulator.internal.engine;

import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.tasks.TaskApi;
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
        TaskApi.Call op = new TaskApi.Call(call.request(), call.credential().account(), match.route().family(),
                match.id(), call.now(), call.config(), call.baseUrl());
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
