package io.a2ebatch.simulator.internal.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import io.a2ebatch.simulator.internal.engine.Engine;
import io.a2ebatch.simulator.internal.http.ApiResponse;

/**
 * The HTTP server in front of the {@link Engine}: a WireMock server whose stub context hands every
 * request to the engine in a servlet filter ({@link EngineFilter}) and writes the engine's answer there;
 * only an answer to be delayed or dropped goes on to WireMock's one catch-all stub, whose response
 * transformer returns it for WireMock to carry out. WireMock supplies Jetty, delays and connection
 * faults; the simulator's state lives in the engine, not in stubs or scenarios. The
 * request journal is off (the engine keeps its own bounded log), no mapping files are read, and
 * WireMock's own admin API ({@code /__admin}) refuses every request, so nobody can replace the stub.
 *
 * <p>Requests the engine never sees — Jetty cannot parse them, their body breaks off, WireMock cannot
 * read their query — are answered by {@link FrontServerFactory}'s error path in the same JSON
 * {@code ErrorResponse}, never with an HTML page or a stack trace.
 */
public final class WireMockFront implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WireMockFront.class.getName());
    private static final int DELAY_THREADS = 4;

    private final WireMockServer server;

    public WireMockFront(String bindAddress, int port, Engine engine) {
        WireMockConfiguration options = serverOptions(bindAddress, port)
                .adminAuthenticator(request -> false)
                .mappingSource(new NoMappings())
                .notifier(new LoggerNotifier())
                .extensions(new EngineTransformer(),
                        new FrontServerFactory(new MalformedRequests(() -> engine.config().clock().millis(),
                                () -> engine.randomness().traceId()), new EngineFilter(engine::handle)));
        server = new WireMockServer(options);
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    /**
     * The front's HTTP server settings, without its stub and engine: HTTP/1.1 only, no request journal,
     * no templating, no gzip, no chunked encoding, asynchronous responses for delays. The polling
     * benchmark's plain-WireMock baseline is built from the same, so that the two differ only in
     * what they do per request.
     *
     * @param port 0 for any free port
     */
    public static WireMockConfiguration serverOptions(String bindAddress, int port) {
        return WireMockConfiguration.options()
                .bindAddress(bindAddress)
                .port(port)
                .http2PlainDisabled(true)
                .disableRequestJournal()
                .templatingEnabled(false)
                .gzipDisabled(true)
                .stubRequestLoggingDisabled(true)
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(DELAY_THREADS);
    }

    /** Starts listening. */
    public void start() {
        server.start();
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Gives WireMock the engine's answer to a request {@link EngineFilter} passed on: one to delay or drop. */
    private static final class EngineTransformer implements ResponseTransformerV2 {

        @Override
        public Response transform(Response stubResponse, ServeEvent serveEvent) {
            ApiResponse answer = EngineFilter.handedOver();
            List<HttpHeader> responseHeaders = new ArrayList<>();
            answer.headers().forEach((name, values) -> responseHeaders.add(new HttpHeader(name, values)));
            return Response.response()
                    .status(answer.fault() ? 200 : answer.status())
                    .headers(new HttpHeaders(responseHeaders))
                    .body(answer.body())
                    .fault(answer.fault() ? Fault.CONNECTION_RESET_BY_PEER : null)
                    .incrementInitialDelay(answer.delayMillis())
                    .build();
        }

        @Override
        public String getName() {
            return "a2e-simulator-engine";
        }
    }

    /** Routes WireMock's messages to the platform logger; its per-request chatter is dropped. */
    private static final class LoggerNotifier implements Notifier {

        @Override
        public void info(String message) {
            LOG.log(Level.DEBUG, message);
        }

        @Override
        public void error(String message) {
            LOG.log(Level.WARNING, message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.log(Level.WARNING, message, t);
        }
    }

    /** The simulator's only stub is made in code; mapping files in the working directory must not add more. */
    @SuppressWarnings("removal")
    private static final class NoMappings implements MappingsSource {

        @Override
        public void loadMappingsInto(StubMappings stubMappings) {
            // Nothing to load by design.
        }

        @Override
        public void save(List<StubMapping> stubMappings) {
            // Nothing is saved: stubs are not the simulator's state.
        }

        @Override
        public void save(StubMapping stubMapping) {
            // Nothing is saved: stubs are not the simulator's state.
        }

        @Override
        public void remove(StubMapping stubMapping) {
            // Nothing was saved.
        }

        @Override
        public void removeAll() {
            // Nothing was saved.
        }
    }
}
