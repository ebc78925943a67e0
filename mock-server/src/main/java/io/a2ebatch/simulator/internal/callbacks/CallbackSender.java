package io.a2ebatch.simulator.internal.callbacks;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.a2ebatch.simulator.CallbackStats;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.internal.chaos.Randomness;
import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import io.a2ebatch.simulator.internal.tasks.RecordWriters;
import io.a2ebatch.spec.family.CallbackShape;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls back as a provider that does (its descriptor's {@link CallbackShape}): a task started with a
 * callback URL is watched until it finishes; then its payload — the provider's success code and the
 * record's fields the shape names, or the record's failure code and message — is POSTed to the URL.
 * A delivery that is not answered 2xx, or fails with an I/O error, is retried up to
 * {@value #RETRIES} times, after the configured backoff, then twice and four times that. Callbacks
 * are dropped, duplicated, delayed and reordered as {@link SimulatorConfig.Callbacks} says, drawn from
 * the seeded {@link Randomness}.
 *
 * <p>Tasks' states follow from their timelines and the simulator's clock, so finishing is noticed by
 * a sweep every {@value #SWEEP_MILLIS} ms rather than by an event. Deliveries run on a small pool of
 * their own ({@value #THREADS} threads) with their own HTTP client, which carries no credentials: the
 * API token is never sent to a callback URL. Watched tasks are not journalled: callbacks due when a
 * simulator with a state directory stops are not sent after its restart.
 */
public final class CallbackSender implements AutoCloseable {

    /** Retries after a failed first delivery, as kie.ai documents ("retries failed callbacks up to 3 times"). */
    public static final int RETRIES = 3;

    private static final System.Logger LOG = System.getLogger(CallbackSender.class.getName());
    private static final long SWEEP_MILLIS = 25;
    private static final int THREADS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A task whose finish is awaited. */
    private record Watch(TaskFamily family, CallbackShape shape, URI url) {
    }

    private final TaskStore store;
    private final RecordWriters records;
    private final Supplier<SimulatorConfig> config;
    private final Supplier<Randomness> randomness;
    private final Supplier<String> baseUrl;
    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient http;
    private final Map<String, Watch> watched = new LinkedHashMap<>();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicLong waiting = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder duplicated = new LongAdder();

    /**
     * @param baseUrl the simulator's base URL, for the result URLs in payloads
     */
    public CallbackSender(TaskStore store, RecordWriters records, Supplier<SimulatorConfig> config,
                          Supplier<Randomness> randomness, Supplier<String> baseUrl) {
        this.store = store;
        this.records = records;
        this.config = config;
        this.randomness = randomness;
        this.baseUrl = baseUrl;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "a2e-simulator-callbacks-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts watching for finished tasks; call once the simulator the suppliers read is complete. */
    public void start() {
        executor.scheduleWithFixedDelay(this::sweepSafely, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches a new task if its provider calls back and its start request carries a callback URL
     * (an absolute http or https URL; the schema has already checked it is a URI).
     */
    public void watch(TaskView task, JsonNode startRequest) {
        task.family().provider().callbacks().ifPresent(shape -> {
            JsonNode url = startRequest.get(shape.requestField());
            if (url == null || !url.isString()) {
                return;
            }
            URI uri;
            try {
                uri = new URI(url.stringValue().strip());
            } catch (URISyntaxException e) {
                return; // Nothing a provider could call; the task itself is fine.
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                return;
            }
            synchronized (watched) {
                watched.put(task.id(), new Watch(task.family(), shape, uri));
            }
        });
    }

    /** What was sent, failed, retried, dropped and duplicated since the start or the last reset. */
    public CallbackStats stats() {
        long pending;
        synchronized (watched) {
            pending = watched.size();
        }
        return new CallbackStats(sent.sum(), failed.sum(), retried.sum(), dropped.sum(), duplicated.sum(),
                pending + waiting.get());
    }

    /** Forgets watched tasks, deliveries waiting and the counters. */
    public void reset() {
        generation.incrementAndGet();
        synchronized (watched) {
            watched.clear();
        }
        waiting.set(0);
        sent.reset();
        failed.reset();
        retried.reset();
        dropped.reset();
        duplicated.reset();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The callback sweep failed; it runs again shortly", e);
        }
    }

    private void sweep() {
        SimulatorConfig cfg = config.get();
        long now = cfg.clock().millis();
        List<Map.Entry<String, Watch>> candidates;
        synchronized (watched) {
            if (watched.isEmpty()) {
                return;
            }
            candidates = new ArrayList<>(watched.entrySet());
        }
        for (Map.Entry<String, Watch> entry : candidates) {
            TaskView task = store.viewAny(entry.getKey(), now, cfg.tasks().maxProcessing()).orElse(null);
            boolean finished = task != null && (task.state() == TaskState.COMPLETED || task.state() == TaskState.FAILED);
            if (finished) {
                send(cfg, entry.getValue(), payload(entry.getValue(), task));
            }
            if (task == null || finished) {
                // After send: the callback counts as pending until it is scheduled, delivered or dropped.
                synchronized (watched) {
                    watched.remove(entry.getKey());
                }
            }
        }
    }

    /** The payload of a finished task, in the provider's callback shape. */
    private byte[] payload(Watch watch, TaskView task) {
        CallbackShape shape = watch.shape();
        JsonNode record = records.of(watch.family()).render(task, baseUrl.get());
        ResultFields fields = watch.family().fields();
        String dataField = watch.family().provider().envelope().dataField();
        ObjectNode payload = Json.MAPPER.createObjectNode();
        if (task.state() == TaskState.COMPLETED) {
            Json.putCode(payload, shape.codeField(), shape.successCodes().stream().sorted().findFirst().orElse("200"));
            payload.put(shape.messageField(), "success");
            ObjectNode data = payload.putObject(dataField);
            shape.dataFields().forEach((field, path) -> data.put(field, ResultFields.text(record, path)));
        } else {
            Json.putCode(payload, shape.codeField(), ResultFields.text(record, fields.failedCode()));
            payload.put(shape.messageField(), ResultFields.text(record, fields.failedMessage()));
            payload.putNull(dataField);
        }
        String idPath = shape.taskIdPaths().isEmpty() ? fields.id() : shape.taskIdPaths().get(0);
        if (!idPath.contains(".")) {
            payload.put(idPath, task.id());
        }
        return Json.MAPPER.writeValueAsBytes(payload);
    }


    private void send(SimulatorConfig cfg, Watch watch, byte[] payload) {
        Randomness.CallbackFate fate = randomness.get().callbackFate(cfg.callbacks());
        if (fate.drop()) {
            dropped.increment();
            return;
        }
        int gen = generation.get();
        schedule(gen, watch.url(), payload, 0, fate.delayMillis());
        if (fate.duplicate()) {
            duplicated.increment();
            schedule(gen, watch.url(), payload, 0, fate.duplicateDelayMillis());
        }
    }

    private void schedule(int gen, URI url, byte[] payload, int attempt, long delayMillis) {
        waiting.incrementAndGet();
        executor.schedule(() -> deliver(gen, url, payload, attempt), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void deliver(int gen, URI url, byte[] payload, int attempt) {
        if (gen != generation.get()) {
            return;
        }
        try {
            attempt(gen, url, payload, attempt);
        } finally {
            // After a retry is scheduled: the callback counts as pending until it is settled.
            if (gen == generation.get()) {
                waiting.decrementAndGet();
            }
        }
    }

    private void attempt(int gen, URI url, byte[] payload, int attempt) {
        boolean ok;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "a2e-simulator callback")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.discarding());
            ok = response.statusCode() / 100 == 2;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (gen != generation.get()) {
            return;
        }
        if (ok) {
            sent.increment();
        } else if (attempt < RETRIES) {
            retried.increment();
            long backoff = config.get().callbacks().retryBackoff().toMillis() << attempt;
            schedule(gen, url, payload, attempt + 1, backoff);
        } else {
            failed.increment();
        }
    }
}
