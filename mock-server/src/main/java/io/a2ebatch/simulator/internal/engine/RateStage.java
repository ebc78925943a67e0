package io.a2ebatch.simulator.internal.engine;

import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.throttle.TokenBucket;

/** The per-token rate limit: over it, a 429 with {@code Retry-After} in whole seconds, rounded up. */
final class RateStage implements Stage {

    @Override
    public ApiResponse handle(Call call, Next next) {
        double rate = call.config().access().rateLimit();
        long waitMillis = call.credential().bucket().tryAcquire(call.now(), rate);
        if (waitMillis > 0) {
            long seconds = TokenBucket.retryAfterSeconds(waitMillis);
            throw new ApiError(429, "RATE_LIMITED", "Token " + call.credential().mask() + " sent more than " + rate
                    + " requests per second; wait " + seconds + " second" + (seconds == 1 ? "" : "s")
                    + " (Retry-After) and send fewer requests", List.of(), Map.of("Retry-After", String.valueOf(seconds)));
        }
        return next.proceed(call);
    }
}
