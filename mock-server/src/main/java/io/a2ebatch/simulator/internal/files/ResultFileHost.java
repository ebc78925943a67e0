package io.a2ebatch.simulator.internal.files;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.simulator.FileHostStats;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.ResultContent;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.stats.Counters;
import io.a2ebatch.simulator.internal.stats.RequestLog;

/**
 * The simulator's result-file host: a plain HTTP server on its own port serving
 * {@code /files/<task id>.<ext>} with the task's {@link ResultContent}, streamed (never held in
 * memory), with {@code Range} support ({@code 206} + {@code Content-Range}, {@code 416} beyond the
 * end), and the faults of its {@link FileHostConfig}: connections cut part-way through the body,
 * {@code 503}s, bandwidth per response and URLs that expire ({@code 403}). URLs are signed with the
 * seed: a URL the simulator did not issue (or whose expiry was edited) gets {@code 404}.
 *
 * <p>Every request is counted in {@link FileHostStats} and logged in the simulator's request log as
 * {@link SimulatorOperation#RESULT_FILE}, with the mask of any {@code Authorization} header it
 * carried as its account: a result host must never see the API token.
 */
public final class ResultFileHost implements AutoCloseable {

    /** Where files are served. */
    public static final String PREFIX = "/files/";
    private static final int CHUNK = 16 * 1024;
    private static final long NEVER = 0;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final Supplier<FileHostConfig> config;
    private final Clock clock;
    private final long secret;
    private final Counters counters;
    private final RequestLog requestLog;
    private final SplittableRandom random;
    private final Stats stats = new Stats();

    /**
     * Starts listening on a free port of {@code bindAddress}.
     *
     * @param host   the host name to put in URLs
     * @param config read at each request, so a running simulator's faults can change
     * @param secret signs the URLs (the simulator's seed)
     */
    public ResultFileHost(String bindAddress, String host, Supplier<FileHostConfig> config, Clock clock, long secret,
                          Counters counters, RequestLog requestLog) {
        this.config = config;
        this.clock = clock;
        this.secret = secret;
        this.counters = counters;
        this.requestLog = requestLog;
        this.random = new SplittableRandom(secret ^ 0x5f1e5L);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "a2e-simulator-files-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + bindAddress + " for result files", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        baseUrl = "http://" + host + ":" + server.getAddress().getPort();
    }

    /** {@code http://host:port} of the file host. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The URL of a completed task's file, as a record read now shows it. */
    public String url(String taskId, String extension) {
        String path = PREFIX + taskId + "." + extension;
        FileHostConfig cfg = config.get();
        if (!cfg.expires() || !expiring(taskId, cfg.expiryRate())) {
            return baseUrl + path + "?sig=" + signature(path, NEVER);
        }
        long expires = clock.millis() + cfg.urlTtl().toMillis();
        return baseUrl + path + "?expires=" + expires + "&sig=" + signature(path, expires);
    }

    /** Counters since the start or the last {@link #reset()}. */
    public FileHostStats stats() {
        return stats.snapshot();
    }

    public void reset() {
        stats.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether {@code taskId}'s URL is one of the expiring share: the same answer for a task every time, and
     * spread evenly over tasks whose ids differ only in their last characters (ids made in the same second
     * share their first eight), so the id's hash is mixed first rather than taken as it is.
     */
    private boolean expiring(String taskId, double rate) {
        return rate >= 1.0 || new SplittableRandom(taskId.hashCode()).nextDouble() < rate;
    }

    private String signature(String path, long expires) {
        byte[] d = ResultContent.sha256().digest((secret + "|" + path + "|" + expires).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = clock.instant();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        stats.requests.incrementAndGet();
        if (authorization != null) {
            stats.withAuthorization.incrementAndGet();
        }
        // A request stays in progress until it is logged: a caller that waits for none in progress
        // then reads a complete log, even though its client held the last byte before the log entry.
        stats.inProgress.incrementAndGet();
        try {
            int status;
            try {
                status = serve(exchange, method, path);
            } finally {
                exchange.close();
            }
            counters.request(SimulatorOperation.RESULT_FILE, status);
            requestLog.add(new LoggedRequest(receivedAt, method, path, SimulatorOperation.RESULT_FILE, null, status,
                    authorization == null ? null : maskAuthorization(authorization)));
        } finally {
            stats.inProgress.decrementAndGet();
        }
    }

    /** Answers one request; returns the status sent, 0 when the body was cut. */
    private int serve(HttpExchange exchange, String method, String path) throws IOException {
        FileHostConfig cfg = config.get();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return text(exchange, 405, "Result files are read with GET or HEAD");
        }
        String file = path.startsWith(PREFIX) ? URLDecoder.decode(path.substring(PREFIX.length()), StandardCharsets.UTF_8) : "";
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || file.contains("/")) {
            stats.notFound.incrementAndGet();
            return text(exchange, 404, "No result file " + path);
        }
        String taskId = file.substring(0, dot);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long expires = query.containsKey("expires") ? parseLong(query.get("expires")) : NEVER;
        if (!signature(path, expires).equals(query.get("sig"))) {
            stats.notFound.incrementAndGet();
            return text(exchange, 404, "No result file " + path + ": result URLs come from completed tasks' records,"
                    + " with their query");
        }
        if (expires != NEVER && clock.millis() > expires) {
            stats.expired.incrementAndGet();
            return text(exchange, 403, "Request has expired: this result URL was valid until "
                    + Instant.ofEpochMilli(expires) + "; read the task again for a fresh URL");
        }
        boolean error;
        boolean cut;
        long cutDraw;
        synchronized (random) {
            error = random.nextDouble() < cfg.errorRate();
            cut = random.nextDouble() < cfg.cutRate();
            cutDraw = random.nextLong(Long.MAX_VALUE);
        }
        if (error) {
            stats.errorsInjected.incrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", "1");
            return text(exchange, 503, "Service unavailable (injected by the A2E simulator's file host)");
        }
        long size = cfg.size();
        long from = 0;
        long to = size - 1;
        int status = 200;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            stats.rangeRequests.incrementAndGet();
            long[] r = parseRange(range, size);
            if (r == null) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                return text(exchange, 416, "Range " + range + " is not satisfiable: the file has " + size + " bytes");
            }
            from = r[0];
            to = r[1];
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        long length = to - from + 1;
        exchange.getResponseHeaders().set("Content-Type", contentType(file.substring(dot + 1)));
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("ETag", "\"" + taskId + "-" + size + "\"");
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(length));
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        // A cut leaves at least one byte out and sends at least one, so that every cut is a partial body.
        long cutAt = cut && length > 1 ? 1 + cutDraw % (length - 1) : -1;
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length == 0) {
            stats.completeResponses.incrementAndGet();
            return status;
        }
        long toSend = cutAt >= 0 ? cutAt : length;
        OutputStream out = exchange.getResponseBody();
        byte[] buffer = new byte[CHUNK];
        long started = System.nanoTime();
        long sent = 0;
        try {
            while (sent < toSend) {
                int n = (int) Math.min(buffer.length, toSend - sent);
                ResultContent.fill(taskId, from + sent, buffer, n);
                out.write(buffer, 0, n);
                sent += n;
                stats.bytesServed.addAndGet(n);
                pace(cfg.bytesPerSecond(), sent, started);
            }
            out.flush();
        } catch (IOException e) {
            return 0; // the client went away
        }
        if (cutAt >= 0) {
            stats.cuts.incrementAndGet();
            // Closing a fixed-length body before its end closes the connection: the client sees a short body.
            return 0;
        }
        stats.completeResponses.incrementAndGet();
        return status;
    }

    private static void pace(long bytesPerSecond, long sent, long startedNanos) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long due = startedNanos + (long) (sent * 1e9 / bytesPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} within {@code size}; null when not satisfiable. */
    static long[] parseRange(String header, long size) {
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return null;
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        long from;
        long to;
        if (a.isEmpty()) {
            long suffix = parseLong(b);
            if (suffix <= 0) {
                return null;
            }
            from = Math.max(0, size - suffix);
            to = size - 1;
        } else {
            from = parseLong(a);
            to = b.isEmpty() ? size - 1 : Math.min(parseLong(b), size - 1);
        }
        if (from < 0 || from >= size || to < from) {
            return null;
        }
        return new long[] {from, to};
    }

    private static String contentType(String extension) {
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "mp4" -> "video/mp4";
            case "mp3" -> "audio/mpeg";
            default -> "application/octet-stream";
        };
    }

    private static int text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.putIfAbsent(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String maskAuthorization(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? TokenMask.mask(value) : value.substring(0, space + 1) + TokenMask.mask(value.substring(space + 1).trim());
    }

    private static final class Stats {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong bytesServed = new AtomicLong();
        final AtomicLong rangeRequests = new AtomicLong();
        final AtomicLong completeResponses = new AtomicLong();
        final AtomicLong cuts = new AtomicLong();
        final AtomicLong errorsInjected = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
        final AtomicLong notFound = new AtomicLong();
        final AtomicLong withAuthorization = new AtomicLong();
        final AtomicLong inProgress = new AtomicLong();

        FileHostStats snapshot() {
            return new FileHostStats(requests.get(), bytesServed.get(), rangeRequests.get(), completeResponses.get(),
                    cuts.get(), errorsInjected.get(), expired.get(), notFound.get(), withAuthorization.get(),
                    inProgress.get());
        }

        void reset() {
            for (AtomicLong c : new AtomicLong[] {requests, bytesServed, rangeRequests, completeResponses, cuts,
                    errorsInjected, expired, notFound, withAuthorization}) {
                c.set(0);
            }
        }
    }
}
