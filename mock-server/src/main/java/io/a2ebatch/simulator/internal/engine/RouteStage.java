package io.a2ebatch.simulator.internal.engine;

import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.spec.family.Provider;

/**
 * Requests no modelled operation answers: an unknown path (404), a known path with another method
 * (405 with {@code Allow}), and an operation of the spec the simulator does not model (501).
 */
final class RouteStage implements Stage {

    private final Routes routes;

    RouteStage(Routes routes) {
        this.routes = routes;
    }

    @Override
    public ApiResponse handle(Call call, Next next) {
        if (call.match().isEmpty()) {
            String path = call.request().path();
            List<String> methods = routes.methodsFor(path);
            if (!methods.isEmpty()) {
                throw new ApiError(405, "METHOD_NOT_ALLOWED", call.request().method() + " is not an operation of "
                        + path + "; the spec has " + String.join(", ", methods) + " there", List.of(),
                        Map.of("Allow", String.join(", ", methods)));
            }
            Provider provider = routes.providerFor(path);
            throw ApiError.notFound("The " + provider.displayName() + " API has no operation " + call.request().method()
                    + " " + path + "; check the path against its OpenAPI document (a2e-spec: "
                    + provider.specResource().substring(1) + ")");
        }
        Routes.Route route = call.match().get().route();
        if (route.operation() == SimulatorOperation.OTHER) {
            throw new ApiError(501, "NOT_SIMULATED", "The simulator does not model " + route.label()
                    + "; it serves start, detail, batchDetail, list and delete of the "
                    + "task families. Call the real " + route.provider().displayName() + " API for this operation");
        }
        return next.proceed(call);
    }
}
