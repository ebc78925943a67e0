package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import io.a2ebatch.simulator.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Requests the engine never sees, because the HTTP server cannot read them, sent over a raw socket:
 * each gets the simulator's JSON {@code ErrorResponse} with a plain-language message, never Jetty's
 * HTML page, WireMock's 500 or a Java class name.
 */
class MalformedRequestsTest {

    private static final String TOKEN = "sk_test_malformed_000001";
    private static final String START = "/api/v1/userImage2Video/start";
    private static final String AUTH = "Authorization: Bearer " + TOKEN + "\r\n";
    private static A2eSimulator sim;

    @BeforeAll
    static void startSimulator() {
        sim = A2eSimulator.builder().tokens(TOKEN).seed(9).start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static String post(String headers, String body) {
        return "POST " + START + " HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "Content-Type: application/json\r\n"
                + headers + "\r\n" + body;
    }

    private static String json(String body) {
        return post("Content-Length: " + body.length() + "\r\n", body);
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("body shorter than its Content-Length", post("Content-Length: 100\r\n", "{\"a\":1"),
                        400, "INVALID_REQUEST", "ended before the 100 bytes its Content-Length announced"),
                Arguments.of("chunk size that is not hex", post("Transfer-Encoding: chunked\r\n", "ZZ\r\n{}\r\n0\r\n\r\n"),
                        400, "INVALID_REQUEST", "chunked request body is broken"),
                Arguments.of("chunked body without its last chunk", post("Transfer-Encoding: chunked\r\n", "10\r\n{}"),
                        400, "INVALID_REQUEST", "ends before its last chunk"),
                Arguments.of("both Transfer-Encoding and Content-Length",
                        post("Transfer-Encoding: chunked\r\nContent-Length: 2\r\n", "0\r\n\r\n"),
                        400, "INVALID_REQUEST", "both Transfer-Encoding and Content-Length"),
                Arguments.of("Content-Length that is not a number", post("Content-Length: abc\r\n", "{}"),
                        400, "INVALID_REQUEST", "Content-Length header is not a whole number"),
                Arguments.of("negative Content-Length", post("Content-Length: -1\r\n", "{}"),
                        400, "INVALID_REQUEST", "Content-Length header is not a whole number"),
                Arguments.of("two Content-Length headers", post("Content-Length: 2\r\nContent-Length: 3\r\n", "{}"),
                        400, "INVALID_REQUEST", "more than one Content-Length"),
                Arguments.of("%00 in the path", get("/api/v1/userImage2Video/%00"),
                        400, "INVALID_REQUEST", "%00 is refused"),
                Arguments.of("bad percent-escape in the path", get("/api/v1/%zz/start"),
                        400, "INVALID_REQUEST", "every % needs two hex digits"),
                Arguments.of("bad percent-escape in the query", get("/api/v1/userImage2Video/allRecords?pageNum=%zz"),
                        400, "INVALID_REQUEST", "bad percent-escape '%zz'"),
                Arguments.of("percent sign at the end of the query", get("/api/v1/userImage2Video/allRecords?pageNum=1%"),
                        400, "INVALID_REQUEST", "bad percent-escape '%'"),
                Arguments.of("control character in the request line", "GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n",
                        400, "INVALID_REQUEST", "illegal character"),
                Arguments.of("binary garbage instead of a request", "\u0000\u0001\u0002garbage\r\n\r\n",
                        400, "INVALID_REQUEST", "illegal character"),
                Arguments.of("method with an illegal character", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
                        400, "INVALID_REQUEST", "illegal character"),
                Arguments.of("header name with a space", "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
                        400, "INVALID_REQUEST", "header names are tokens"),
                Arguments.of("folded header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n",
                        400, "INVALID_REQUEST", "obsolete line folding"),
                Arguments.of("HTTP/1.1 without Host", "GET /api/v1/userImage2Video/allRecords HTTP/1.1\r\n\r\n",
                        400, "INVALID_REQUEST", "no Host header"),
                Arguments.of("Expect other than 100-continue",
                        post("Expect: 100-banana\r\nContent-Length: 2\r\n", "{}"),
                        417, "EXPECTATION_FAILED", "Expect header"),
                Arguments.of("HTTP/0.9 request line", "GET /\r\n\r\n",
                        505, "HTTP_VERSION_NOT_SUPPORTED", "send HTTP/1.1"),
                Arguments.of("unknown HTTP version", "GET / HTTP/3.0\r\nHost: x\r\n\r\n",
                        505, "HTTP_VERSION_NOT_SUPPORTED", "send HTTP/1.1"),
                Arguments.of("request line over 32 KB", get("/api/v1/" + "a".repeat(40_000)),
                        414, "URI_TOO_LONG", "URI is too long"),
                Arguments.of("headers over 32 KB", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n",
                        431, "HEADERS_TOO_LARGE", "headers are too large"),
                Arguments.of("WireMock's admin API", get("/__admin/mappings"),
                        404, "NOT_FOUND", "inspection API is /__a2e"),
                Arguments.of("WireMock's file server", get("/__files/index.json"),
                        404, "NOT_FOUND", "no operation GET /__files/index.json"),
                Arguments.of("WireMock's file server with an unknown method", "get /__files/x HTTP/1.1\r\nHost: x\r\n\r\n",
                        404, "NOT_FOUND", "no operation get /__files/x"),
                Arguments.of("asterisk target with a method other than OPTIONS", "get * HTTP/1.1\r\nHost: x\r\n\r\n",
                        400, "INVALID_REQUEST", "request line cannot be read"),
                Arguments.of("JSON nested deeper than 500 levels",
                        json("[".repeat(600) + "]".repeat(600)),
                        400, "INVALID_REQUEST", "nested more than 500 levels deep"),
                Arguments.of("trailing tokens after the JSON", json("{}{}x"),
                        400, "INVALID_REQUEST", "more content after the JSON value ends"),
                Arguments.of("NaN", json("{\"a\":NaN}"),
                        400, "INVALID_REQUEST", "JSON has no 'NaN'"),
                Arguments.of("comment in the JSON", json("{/*x*/}"),
                        400, "INVALID_REQUEST", "JSON has no comments"),
                Arguments.of("invalid UTF-8 in the JSON", json("{\"a\":\"\u00c3(\"}"),
                        400, "INVALID_REQUEST", "not valid JSON"),
                Arguments.of("NUL inside a JSON string", json("{\"a\":\"\u0000\"}"),
                        400, "INVALID_REQUEST", "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithTheJsonErrorResponse(String name, String request, int status, String code, String message) {
        RawHttp.Reply reply = RawHttp.send(sim.port(), request);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("error").asString()).contains(message);
        assertThat(body.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(body.get("trace_id").asString()).hasSize(36);
        assertThat(reply.text()).doesNotContainPattern(RawHttp.JAVA_INTERNALS);
    }

    @Test
    void servesTheNextConnectionNormallyAfterABrokenBody() {
        RawHttp.send(sim.port(), post("Content-Length: 100\r\n", "{\"a\":1"));

        RawHttp.Reply next = RawHttp.send(sim.port(), get("/api/v1/userImage2Video/allRecords"));

        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().get("code").asInt()).isZero();
    }
}
