package io.a2ebatch.benchmarks.polling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import io.a2ebatch.simulator.internal.wiremock.WireMockFront;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * The polling benchmark's baseline: a plain WireMock standalone server whose two static stubs answer a
 * family's detail and batchDetail requests with fixed bodies. Its server settings are the simulator
 * front's own ({@link WireMockFront#serverOptions}), so that the two differ only in what they do per
 * request.
 */
final class StaticStubServer implements AutoCloseable {

    private final WireMockServer server;

    private StaticStubServer(WireMockServer server) {
        this.server = server;
    }

    /** A recorded 200 answer: content type and body. */
    record Answer(String contentType, String body) {

        static Answer of(HttpResponse<String> response) {
            return new Answer(response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        }
    }

    static StaticStubServer start(TaskFamily family, Answer detail, Answer batchDetail) {
        WireMockServer server = new WireMockServer(WireMockFront.serverOptions("127.0.0.1", 0)
                .notifier(new ErrorsOnly()));
        String detailTemplate = family.detail().pathTemplate();
        String detailPattern = Pattern.quote(detailTemplate.substring(0, detailTemplate.indexOf('{'))) + "[0-9a-f]{24}";
        server.stubFor(get(urlPathMatching(detailPattern)).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", detail.contentType()).withBody(detail.body())));
        server.stubFor(post(urlPathEqualTo(family.batchDetail().orElseThrow().path())).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", batchDetail.contentType())
                .withBody(batchDetail.body())));
        server.start();
        return new StaticStubServer(server);
    }

    /** WireMock's per-request chatter is dropped; its errors go to standard error, where JMH shows them. */
    private static final class ErrorsOnly implements Notifier {

        @Override
        public void info(String message) {
            // Dropped: one line per request would be measured too.
        }

        @Override
        public void error(String message) {
            System.err.println("static stub server: " + message);
        }

        @Override
        public void error(String message, Throwable t) {
            System.err.println("static stub server: " + message + " (" + t + ")");
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        server.stop();
    }
}
