package io.a2ebatch.simulator.internal.engine;

import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.http.ApiResponse;

/**
 * Wraps the rest of the path: adds the configured latency to the answer, then counts it, logs it
 * and shows it to the listeners before it is sent (so a client holding a response can rely on the
 * listeners having seen it).
 */
final class RecordStage implements Stage {

    private final Recorder recorder;

    RecordStage(Recorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public ApiResponse handle(Call call, Next next) {
        ApiResponse response = next.proceed(call)
                .withDelay(call.random().latencyMillis(call.config().chaos().latencyFor(call.operation())));
        recorder.record(call.config(), call.request(), call.receivedAt(), response, call.operation(), call.family(),
                TokenMask.mask(call.token()));
        return response;
    }
}
