package io.a2ebatch.simulator.internal.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.internal.accounts.Accounts;
import io.a2ebatch.simulator.internal.chaos.Randomness;
import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.http.ResponseWriter;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import io.a2ebatch.simulator.internal.stats.Counters;
import io.a2ebatch.simulator.internal.stats.RequestLog;
import io.a2ebatch.simulator.internal.tasks.RecordWriters;
import io.a2ebatch.simulator.internal.tasks.ResultFiles;
import io.a2ebatch.simulator.internal.tasks.TaskApi;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;

/**
 * The simulator's front door, independent of the HTTP server in front of it: {@code /__a2e} goes to
 * the inspection API, {@code /results/} to the placeholder files, every other request through the
 * API's {@link Stage}s: record → faults → errors → maintenance → auth → rate → route → dispatch (see
 * each stage). Checks therefore run in the order injected failure → maintenance → authentication →
 * rate limit → route → the operation (JSON and schema → markers → credits → create). Every provider's
 * families go through the same stages; answers are written in the envelope of the provider the path
 * belongs to ({@link ResponseWriter}).
 *
 * <p>Requests hold a shared lock that {@link #exclusively} (reset) takes exclusively, so a reset never
 * interleaves with a request.
 */
public final class Engine {

    private static final String ADMIN_PREFIX = "/__a2e";

    private final Routes routes;
    private final TaskStore store;
    private final ResultFiles resultFiles;
    private final Counters counters;
    private final RequestLog requestLog;
    private final Recorder recorder;
    private final Stage.Next api;
    private final Map<String, ResponseWriter> writers = new ConcurrentHashMap<>();
    private final Function<ApiRequest, ApiResponse> admin;
    private final Supplier<String> defaultBaseUrl;
    private final ReadWriteLock resetLock = new ReentrantReadWriteLock();
    private volatile SimulatorConfig config;
    private volatile Randomness randomness;

    /**
     * @param started        sees every task created, with its start request
     * @param admin          answers {@code /__a2e/...} requests
     * @param defaultBaseUrl the simulator's base URL, for result URLs of requests without a Host header
     */
    public Engine(SimulatorConfig config, Randomness randomness, Routes routes, Accounts accounts, TaskStore store,
                  ResultFiles resultFiles, RecordWriters records, BiConsumer<TaskView, JsonNode> started,
                  Counters counters, RequestLog requestLog, Function<ApiRequest, ApiResponse> admin,
                  Supplier<String> defaultBaseUrl) {
        this.config = config;
        this.randomness = randomness;
        this.routes = routes;
        this.store = store;
        this.resultFiles = resultFiles;
        this.counters = counters;
        this.requestLog = requestLog;
        this.recorder = new Recorder(counters, requestLog);
        this.api = Stage.chain(List.of(
                new RecordStage(recorder),
                new FaultStage(counters),
                new ErrorStage(),
                new MaintenanceStage(),
                new AuthStage(accounts),
                new RateStage(),
                new RouteStage(routes),
                new DispatchStage(new TaskApi(store, records, started))));
        this.admin = admin;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Puts a new configuration in force; a new seed restarts the random streams. */
    public void configure(SimulatorConfig next) {
        if (next.seed() != config.seed()) {
            randomness = new Randomness(next.seed());
        }
        requestLog.capacity(next.server().requestLogSize());
        config = next;
    }

    /** The random streams in use. */
    public Randomness randomness() {
        return randomness;
    }

    /** Runs {@code action} like a request: never during {@link #exclusively}. */
    public void shared(Runnable action) {
        resetLock.readLock().lock();
        try {
            action.run();
        } finally {
            resetLock.readLock().unlock();
        }
    }

    /** Runs {@code action} while no request is being handled. */
    public void exclusively(Runnable action) {
        resetLock.writeLock().lock();
        try {
            action.run();
        } finally {
            resetLock.writeLock().unlock();
        }
    }

    /** Exceptions listeners threw, most recent last (at most 100). */
    public List<Throwable> listenerErrors() {
        return recorder.listenerErrors();
    }

    /** Forgets recorded listener errors. */
    public void clearListenerErrors() {
        recorder.clearListenerErrors();
    }

    /** Answers one request. */
    public ApiResponse handle(ApiRequest request) {
        SimulatorConfig cfg = config;
        Instant receivedAt = cfg.clock().instant();
        if (request.path().equals(ADMIN_PREFIX) || request.path().startsWith(ADMIN_PREFIX + "/")) {
            ApiResponse response = admin.apply(request);
            counters.admin();
            recorder.notifyListeners(cfg, request, receivedAt, response, SimulatorOperation.ADMIN, null);
            return response;
        }
        resetLock.readLock().lock();
        try {
            if (request.path().startsWith(ResultFiles.PREFIX)) {
                return resultFile(cfg, request, receivedAt);
            }
            Randomness random = randomness;
            Optional<Routes.Match> match = routes.resolve(request.method(), request.path());
            Provider provider = match.map(m -> m.route().provider()).orElseGet(() -> routes.providerFor(request.path()));
            return api.proceed(new Call(request, cfg, random, receivedAt, match,
                    AuthStage.bearerToken(request.header("Authorization")), random.traceId(), null, baseUrl(request),
                    writers.computeIfAbsent(provider.id(), k -> ResponseWriter.of(provider))));
        } finally {
            resetLock.readLock().unlock();
        }
    }

    private ApiResponse resultFile(SimulatorConfig cfg, ApiRequest request, Instant receivedAt) {
        long now = receivedAt.toEpochMilli();
        String file = request.path().substring(ResultFiles.PREFIX.length());
        int dot = file.lastIndexOf('.');
        String id = dot < 0 ? file : file.substring(0, dot);
        Optional<TaskView> task = request.method().equals("GET") || request.method().equals("HEAD")
                ? store.viewAny(id, now, cfg.tasks().maxProcessing()) : Optional.empty();
        ApiResponse response;
        String extension = dot < 0 ? "" : file.substring(dot + 1);
        if (task.isPresent() && task.get().state() == TaskState.COMPLETED
                && (extension.equals(resultFiles.extension(task.get().family())) || extension.equals("png"))) {
            long expiresAt = task.get().updatedAt() + cfg.tasks().resultLifetime().toMillis();
            response = now < expiresAt ? ResultFiles.content(extension, id)
                    : ResponseWriter.A2E.error(new ApiError(403, "URL_EXPIRED", "The result URL " + request.path()
                            + " expired at " + Json.iso(expiresAt) + ", " + DurationRange.format(cfg.tasks().resultLifetime())
                            + " after its task completed; download results sooner"), now, randomness.traceId());
        } else {
            response = ResponseWriter.A2E.error(ApiError.notFound("No result file " + request.path() + ": result URLs come "
                    + "from completed tasks' records"), now, randomness.traceId());
        }
        response = response.withDelay(randomness.latencyMillis(cfg.chaos().latencyFor(SimulatorOperation.RESULT_FILE)));
        recorder.record(cfg, request, receivedAt, response, SimulatorOperation.RESULT_FILE,
                task.map(TaskView::family).orElse(null), null);
        return response;
    }

    private String baseUrl(ApiRequest request) {
        return request.header("Host").filter(h -> !h.isBlank()).map(h -> "http://" + h).orElseGet(defaultBaseUrl);
    }
}
