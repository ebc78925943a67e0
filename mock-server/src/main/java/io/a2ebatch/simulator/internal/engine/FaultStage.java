package io.a2ebatch.simulator.internal.engine;

import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.internal.chaos.Injection;
import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.stats.Counters;

/**
 * Injected failures ({@code errorRate}, {@code faultRate}): an injected 500 or 503, or a dropped
 * connection, instead of the answer. A start request chosen for one may first be carried out, so
 * the client is left in doubt whether its task exists — as after a real timeout.
 */
final class FaultStage implements Stage {

    private final Counters counters;

    FaultStage(Counters counters) {
        this.counters = counters;
    }

    @Override
    public ApiResponse handle(Call call, Next next) {
        Injection injection = call.random().injection(call.config(), call.operation());
        if (injection.isNone()) {
            return next.proceed(call);
        }
        boolean fault = injection.kind() == Injection.Kind.FAULT;
        if (!injection.afterCreate()) {
            counters.injected(fault, call.operation(), false);
            return injected(call, injection);
        }
        ApiResponse carriedOut = next.proceed(call);
        counters.injected(fault, call.operation(), carriedOut.outcome() / 100 == 2 && !carriedOut.fault());
        return injected(call, injection);
    }

    private static ApiResponse injected(Call call, Injection injection) {
        if (injection.kind() == Injection.Kind.FAULT) {
            return ApiResponse.dropped();
        }
        SimulatorConfig cfg = call.config();
        String advice = " Retry later; after a failed start request, look the task up by name before starting it "
                + "again: it may have been created.";
        ApiError error = injection.status() == 503
                ? new ApiError(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable (injected by "
                        + "the A2E simulator, error rate " + cfg.chaos().errorRate() + ")." + advice, List.of(),
                        Map.of("Retry-After", "1"))
                : new ApiError(500, "INTERNAL_ERROR", "Internal server error (injected by the A2E simulator, "
                        + "error rate " + cfg.chaos().errorRate() + ")." + advice);
        return call.envelope().error(error, call.now(), call.traceId());
    }
}
