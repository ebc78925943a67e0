package io.a2ebatch.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.client.ApiCall;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.job.CurrentRun;
import io.a2ebatch.job.LiveFigures;
import io.a2ebatch.job.StepFigures;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.run.RunCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.context.ApplicationContext;

/**
 * {@code --metrics-port PORT}: this process's figures as a Prometheus scrape endpoint
 * ({@code GET /metrics}), served by the JDK's own HTTP server through Micrometer's Prometheus registry.
 * Started by the command line before Spring (a port that cannot be bound is a usage error, exit 2) and
 * only when the option is given: without it none of these classes is loaded.
 * <p>
 * Every series carries {@code role} (run, manager or worker). The process's own requests and rows are
 * {@code partition="none"}; each fleet partition this process runs or ran has series of its own
 * ({@code partition="2 of 3"}), kept after it ended. A fleet's figures are the sum over its processes'
 * endpoints; the run's rows by ledger state ({@code a2e_ledger_rows}) are read from the job repository
 * at each scrape by the process that owns the run (a run or a manager), so they are the whole fleet's.
 * With {@code a2e.metrics.linger} the endpoint stays up after the run ended until one scrape has
 * seen the final figures ({@code a2e_run_ended 1}), at most that long.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** Where the figures are served. */
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Tags role;
    private final Set<StepFigures> bound = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicInteger ended = new AtomicInteger();
    private final CountDownLatch scrapedAfterEnd = new CountDownLatch(1);
    /** The application's steps, once it is bound. */
    private volatile LiveFigures steps;
    /** Reads the run's rows by ledger state from the job repository, once it is bound. */
    private volatile Supplier<Map<RowState, Long>> ledgerCounts = Map::of;
    /** The run's rows by ledger state as read for the scrape in progress: one query serves every state's gauge. */
    private volatile Map<RowState, Long> ledgerRows = Map.of();

    private MetricsEndpoint(HttpServer server, ExecutorService executor, String role) {
        this.server = server;
        this.executor = executor;
        this.role = Tags.of("role", role);
        Gauge.builder("a2e.run.ended", ended, AtomicInteger::get).tags(this.role)
                .description("1 once this process's run or worker has ended").register(registry);
    }

    /**
     * Binds {@code host:port} (0: any free port) and starts serving.
     *
     * @param role run, manager or worker
     * @throws IOException when the address cannot be bound (in use, not this machine's, no permission)
     */
    public static MetricsEndpoint start(String host, int port, String role) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(new NamedThreads("a2e-metrics"));
        server.setExecutor(executor);
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor, role);
        server.createContext(PATH, endpoint::handle);
        server.start();
        return endpoint;
    }

    /** The endpoint's URL, with the port actually bound. */
    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + PATH);
    }

    /** Publishes the figures of the application in {@code context}, once it is up. */
    public void bind(ApplicationContext context) {
        RunCounters counters = context.getBean(RunCounters.class);
        RequestCounter requests = context.getBean(RequestCounter.class);
        Tags process = role.and("partition", "none");
        bindRows(counters, process);
        bindRequests(requests, process);
        LiveFigures live = context.getBean(LiveFigures.class);
        steps = live;
        CurrentRun run = context.getBean(CurrentRun.class);
        Ledger ledger = context.getBean(Ledger.class);
        ledgerCounts = () -> run.runId().map(ledger::counts).orElse(Map.of());
        for (RowState state : RowState.values()) {
            Gauge.builder("a2e.ledger.rows", () -> ledgerRows.getOrDefault(state, 0L))
                    .tags(role.and("state", label(state)))
                    .description("the run's rows in this ledger state, whichever process wrote them (job repository)")
                    .register(registry);
        }
    }

    /**
     * Marks the run as ended and, for {@code linger}, keeps serving until one scrape has read the final
     * figures.
     */
    public void end(Duration linger) throws InterruptedException {
        ended.set(1);
        if (!linger.isZero()) {
            scrapedAfterEnd.await(linger.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean afterEnd = ended.get() == 1;
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            LiveFigures live = steps;
            if (live != null) {
                live.steps().forEach(this::bindStep);
            }
            ledgerRows = ledgerCounts.get();
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            if (afterEnd) {
                scrapedAfterEnd.countDown();
            }
        }
    }

    /**
     * A step's series, registered at the first scrape after it started: a fleet partition's all of them;
     * a run's step only its in-flight gauge (its rows and requests are the process's, bound already).
     */
    private void bindStep(StepFigures step) {
        if (!bound.add(step)) {
            return;
        }
        Tags tags = step.slice().map(s -> role.and("partition", (s.index() + 1) + " of " + s.count()))
                .orElse(role.and("partition", "none"));
        if (step.slice().isPresent()) {
            bindRows(step.counters(), tags);
            bindRequests(step.requests(), tags);
        }
        Gauge.builder("a2e.in.flight", step, StepFigures::inFlightNow).tags(tags)
                .description("tasks submitted and not yet finished").register(registry);
    }

    private void bindRows(RunCounters counters, Tags tags) {
        FunctionCounter.builder("a2e.rows.sent", counters, c -> c.submittedThisRun.get()).tags(tags)
                .description("rows whose start request this process sent").register(registry);
        Gauge.builder("a2e.rows.finished", counters, c -> c.completed.get()).tags(tags.and("state", "completed"))
                .description("rows in a final state, this pass or before").register(registry);
        Gauge.builder("a2e.rows.finished", counters, c -> c.failed.get()).tags(tags.and("state", "failed"))
                .register(registry);
        Gauge.builder("a2e.rows.finished", counters, c -> c.timedOut.get()).tags(tags.and("state", "timed_out"))
                .register(registry);
        Gauge.builder("a2e.run.rows", counters, c -> c.total.get()).tags(tags)
                .description("rows of the run (or of the partition)").register(registry);
    }

    private void bindRequests(RequestCounter requests, Tags tags) {
        for (ApiCall call : ApiCall.values()) {
            FunctionCounter.builder("a2e.requests", requests, r -> r.count(call)).tags(tags.and("call", call.label()))
                    .description("requests sent to the providers").register(registry);
        }
        FunctionCounter.builder("a2e.requests.rate.limited", requests, RequestCounter::rateLimited).tags(tags)
                .description("429 answers received").register(registry);
        FunctionCounter.builder("a2e.requests.failed", requests, RequestCounter::failed).tags(tags)
                .description("requests that ended in an error, 429s included").register(registry);
    }

    private static String label(RowState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.close();
    }
}
