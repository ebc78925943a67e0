package io.a2ebatch.contract.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} that records every request the client under test sends, and the answer,
 * before handing the answer back: the capture that works against any server, including one the
 * suite cannot inspect. Unlike the simulator's capture it sees the {@code Authorization} header as
 * sent, so the suite can check that the bearer token is the configured one (the recording stays in
 * memory and is never printed: {@link io.a2ebatch.contract.validation.ContractViolation} shows headers
 * only by name).
 */
public final class RecordingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final CapturedTraffic traffic;

    public RecordingHttpClient(HttpClient delegate, CapturedTraffic traffic) {
        this.delegate = delegate;
        this.traffic = traffic;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Instant sentAt = Instant.now();
        byte[] requestBody = bodyOf(request);
        String[] url = Interaction.splitUrl(request.uri().getRawPath()
                + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()));
        HttpResponse<byte[]> raw;
        try {
            raw = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            traffic.add(new Interaction(Interaction.Source.CLIENT, sentAt, request.method(), url[0], url[1],
                    request.headers().map(), requestBody, 0, Map.of(), new byte[0]));
            throw e;
        }
        traffic.add(new Interaction(Interaction.Source.CLIENT, sentAt, request.method(), url[0], url[1],
                request.headers().map(), requestBody, raw.statusCode(), raw.headers().map(), raw.body()));
        return new Replayed<>(raw, decode(raw, handler));
    }

    /** Reads the body a publisher would send; the JDK's publishers emit it as soon as it is requested. */
    private static byte[] bodyOf(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toByteArray());
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("Could not read the request body to record it: " + e, e);
        }
    }

    /** Hands the recorded bytes to the caller's body handler, as the network would have. */
    private static <T> T decode(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return raw.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return raw.headers();
            }

            @Override
            public Version version() {
                return raw.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // The whole body is handed over at once below.
            }

            @Override
            public void cancel() {
                // Nothing is streaming.
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
        subscriber.onComplete();
        try {
            return subscriber.getBody().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("Could not decode the recorded response body: " + e, e);
        }
    }

    /**
     * Not used by {@code A2eClient}, which sends synchronously; refusing it makes a change there visible
     * here instead of letting requests bypass the recording.
     */
    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("RecordingHttpClient records synchronous requests only");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        throw new UnsupportedOperationException("RecordingHttpClient records synchronous requests only");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /** The delegate's response with the body decoded by the caller's handler. */
    private record Replayed<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public java.net.URI uri() {
            return raw.uri();
        }

        @Override
        public Version version() {
            return raw.version();
        }
    }
}
