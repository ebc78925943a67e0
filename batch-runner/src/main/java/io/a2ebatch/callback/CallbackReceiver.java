package io.a2ebatch.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
 * {@link CallbackInbox}. Bodies over {@value #MAX_BODY} bytes are refused. Lives as long as the
 * execute step.
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackReceiver.class);
    static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

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
    public static CallbackReceiver start(String listen, CallbackInbox inbox) {
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
        server.createContext("/", exchange -> handle(exchange, inbox));
        server.start();
        log.info("Receiving callbacks on {}", server.getAddress());
        return new CallbackReceiver(server, executor);
    }

    /** The port actually bound (for port 0); -1 when disabled. */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, CallbackInbox inbox) throws IOException {
        try (exchange) {
            CallbackInbox.Answer answer;
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                answer = new CallbackInbox.Answer(405, "callbacks are POSTed");
            } else {
                byte[] body = readBounded(exchange.getRequestBody());
                answer = body == null ? new CallbackInbox.Answer(413, "the body is over " + MAX_BODY + " bytes")
                        : inbox.receive(exchange.getRequestURI().getRawQuery(), new String(body, StandardCharsets.UTF_8));
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
