package io.a2ebatch.simulator.internal.engine;

import java.util.List;

import io.a2ebatch.simulator.internal.http.ApiResponse;

/**
 * One small step of the API request path, in the spirit of WireMock's {@code RequestFilterV2}: it
 * answers the call itself (an error, an injected failure) or passes it on to the rest of the path and
 * may look at, or replace, what comes back. {@link Engine} runs them in the order
 * record → faults → errors → auth → rate → route → dispatch.
 */
@FunctionalInterface
public interface Stage {

    /** Answers {@code call}, directly or through {@code next}. */
    ApiResponse handle(Call call, Next next);

    /** The rest of the path after a stage. */
    @FunctionalInterface
    interface Next {

        /** Passes {@code call} to the following stage. */
        ApiResponse proceed(Call call);
    }

    /** The stages as one: each one's {@code next} is the one after it; the last one must answer. */
    static Next chain(List<Stage> stages) {
        Next end = call -> {
            throw new IllegalStateException("The last stage passed the request on; nothing is left to answer it");
        };
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage stage = stages.get(i);
            Next rest = end;
            end = call -> stage.handle(call, rest);
        }
        return end;
    }
}
