package io.a2ebatch.simulator.internal.engine;

import java.time.Instant;
import java.util.Optional;

import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.internal.accounts.Credential;
import io.a2ebatch.simulator.internal.chaos.Randomness;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.ResponseWriter;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * One API request on its way through the {@link Stage}s, with what the stages before have learnt
 * about it. Immutable: a stage that learns something passes a copy on ({@link #authenticated}).
 *
 * @param request    the request
 * @param config     the configuration in force when it arrived (one snapshot for the whole request)
 * @param random     the random streams in force when it arrived
 * @param receivedAt when it arrived, by the simulator's clock
 * @param match      the operation its method and path name, if any
 * @param token      the bearer token it carries, or {@code null}
 * @param traceId    the trace id of its answer
 * @param credential the authenticated caller, once {@link AuthStage} has run
 * @param baseUrl    where result files of this request's tasks are served
 * @param envelope   how the provider the path belongs to wraps its answers
 */
public record Call(ApiRequest request, SimulatorConfig config, Randomness random, Instant receivedAt,
                   Optional<Routes.Match> match, String token, String traceId, Credential credential, String baseUrl,
                   ResponseWriter envelope) {

    /** The simulator's clock at arrival, epoch milliseconds. */
    public long now() {
        return receivedAt.toEpochMilli();
    }

    /** What the simulator does with this request ({@link SimulatorOperation#OTHER} when no route matched). */
    public SimulatorOperation operation() {
        return match.map(m -> m.route().operation()).orElse(SimulatorOperation.OTHER);
    }

    /** The task family the path names, or {@code null}. */
    public TaskFamily family() {
        return match.map(m -> m.route().family()).orElse(null);
    }

    /** This call, its caller known. */
    public Call authenticated(Credential caller) {
        return new Call(request, config, random, receivedAt, match, token, traceId, caller, baseUrl, envelope);
    }
}
