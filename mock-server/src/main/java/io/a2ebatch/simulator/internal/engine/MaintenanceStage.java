package io.a2ebatch.simulator.internal.engine;

import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;

/**
 * A maintenance window, switched on and off with {@code maintenance} in the configuration: every API
 * request is refused as unavailable (HTTP's 503 with {@code Retry-After}, which a provider's
 * descriptor may answer with its own code: kie.ai's 455) and nothing is created.
 */
final class MaintenanceStage implements Stage {

    @Override
    public ApiResponse handle(Call call, Next next) {
        if (call.config().chaos().maintenance()) {
            throw new ApiError(503, "SERVICE_UNAVAILABLE", "The service is undergoing maintenance (the simulator's "
                    + "maintenance switch is on); nothing was created. Retry later", List.of(),
                    Map.of("Retry-After", "1"));
        }
        return next.proceed(call);
    }
}
