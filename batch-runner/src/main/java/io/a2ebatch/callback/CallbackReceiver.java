package io.a2ebatch.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.spec.SpecJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's callback receiver ({@code --callback-listen HOST:PORT}): a small JDK HTTP server that
 * hands every {@code POST}, whatever its path (a tunnel or an ingress may add a prefix), to the
 * {@link CallbackInbox}. It listens before the first start request is sent (port 0 picks a free port,
 * which the default public URL then names); until the inbox is attached it answers 503, which a
 * provider retries. Bodies over {@value #MAX_BODY} bytes are refused. Lives as long as the execute step.
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackReceiver.class);
    static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile CallbackInbox inbox;

    private CallbackReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** No receiver: callbacks are off. */
    public static CallbackReceiver disabled() {
        return new CallbackReceiver(null, null);
    }

    /**
     * Starts listening.
     *
     * @param listen {@code HOST:PORT}; port 0 picks a free one
     * @throws UncheckedIOException naming the address, if it cannot be bound
     */
    public static CallbackReceiver start(String listen) {
        int colon = listen.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)));
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for callbacks on " + listen + " (" + e.getMessage()
                    + "); choose another --callback-listen HOST:PORT", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, new NamedThreads("a2e-callback"));
        server.setExecutor(executor);
        CallbackReceiver receiver = new CallbackReceiver(server, executor);
        server.createContext("/", receiver::handle);
        server.start();
        log.info("Receiving callbacks on {}", server.getAddress());
        return receiver;
    }

    /** Whether callbacks are on. */
    public boolean enabled() {
        return server != null;
    }

    /**
     * The address providers are given: {@code configured} if set, else this receiver's own
     * ({@code http://HOST:PORT/callback}, with the port actually bound).
     */
    public URI publicUrl(URI configured) {
        if (configured != null) {
            return configured;
        }
        InetSocketAddress bound = server.getAddress();
        return URI.create("http://" + bound.getHostString() + ":" + bound.getPort() + "/callback");
    }

    /** From now on callbacks go to {@code inbox}. */
    public void deliverTo(CallbackInbox inbox) {
        this.inbox = inbox;
    }

    /** The port actually bound (for port 0); -1 when disabled. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            CallbackInbox.Answer answer;
            CallbackInbox target = inbox;
            if (target == null) {
                answer = new CallbackInbox.Answer(503, "not ready yet; try again");
            } else if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                answer = new CallbackInbox.Answer(405, "callbacks are POSTed");
            } else {
                byte[] body = readBounded(exchange.getRequestBody());
                answer = body == null ? new CallbackInbox.Answer(413, "the body is over " + MAX_BODY + " bytes")
                        : target.receive(exchange.getRequestURI().getRawQuery(),
                                new String(body, StandardCharsets.UTF_8));
            }
            if (answer.status() != 200) {
                log.warn("Refused a callback to {} ({}: {})", exchange.getRequestURI().getPath(), answer.status(),
                        answer.message());
            }
            var json = SpecJson.MAPPER.createObjectNode().put("code", answer.status()).put("msg", answer.message());
            byte[] out = json.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            log.warn("A callback could not be handled; polling goes on", e);
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
