package io.a2ebatch.simulator.internal.engine;

import java.lang.System.Logger.Level;

import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;

/**
 * Error mapping: an {@link ApiError} thrown by a later stage becomes the provider's error answer; any
 * other exception is a simulator bug, answered with a 500 that says so (never a stack trace).
 */
final class ErrorStage implements Stage {

    private static final System.Logger LOG = System.getLogger(ErrorStage.class.getName());

    @Override
    public ApiResponse handle(Call call, Next next) {
        try {
            return next.proceed(call);
        } catch (ApiError e) {
            return call.envelope().error(e, call.now(), call.traceId());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The simulator failed on " + call.request().method() + " " + call.request().path(), e);
            return call.envelope().error(new ApiError(500, "INTERNAL_ERROR", "The simulator failed while handling "
                    + "this request. This is a simulator bug, not an injected error; please report it"),
                    call.now(), call.traceId());
        }
    }
}
