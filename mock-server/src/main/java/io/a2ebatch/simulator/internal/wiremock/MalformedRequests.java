package io.a2ebatch.simulator.internal.wiremock;

import java.io.EOFException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.a2ebatch.simulator.internal.http.Json;
import wiremock.org.eclipse.jetty.http.BadMessageException;

/**
 * The answers to requests the engine never sees because the HTTP server could not read them: a broken
 * request line or header, a bad percent-escape, a body shorter than its {@code Content-Length}, broken
 * chunked encoding. Each is the same {@code ErrorResponse} the engine writes, with a message in plain
 * words that says what was wrong and what to send instead; never an HTML page or a Java class name.
 */
final class MalformedRequests {

    private static final String WELL_FORMED = "; send a well-formed HTTP/1.1 request";

    /**
     * One answer.
     *
     * @param status HTTP status
     * @param code   the {@code ErrorResponse} code
     * @param message what was wrong and what to do
     */
    record Answer(int status, String code, String message) {
    }

    private final LongSupplier clock;
    private final Supplier<String> traceIds;

    /**
     * @param clock    the simulator's clock, in epoch milliseconds, for {@code timestamp}
     * @param traceIds the simulator's trace ids
     */
    MalformedRequests(LongSupplier clock, Supplier<String> traceIds) {
        this.clock = clock;
        this.traceIds = traceIds;
    }

    /** The body of an answer: the {@code ErrorResponse} with a timestamp and trace id. */
    byte[] body(Answer answer) {
        return Json.error(answer.code(), answer.message(), List.of(), clock.getAsLong(), traceIds.get());
    }

    static String contentType() {
        return "application/json; charset=utf-8";
    }

    /**
     * A request Jetty refused while parsing it (request line or headers), from the status and reason it
     * gives. The request line itself is not known at that point, so the message lists what can cause it.
     */
    static Answer unparsable(int status, String reason) {
        String r = reason == null ? "" : reason.trim();
        String lower = r.toLowerCase(Locale.ROOT);
        String message;
        if (status == 505 || lower.contains("version")) {
            message = "The request line names an HTTP version the simulator does not speak (" + r
                    + "); send HTTP/1.1 (or HTTP/1.0)";
        } else if (status == 431) {
            message = "The request headers are too large; send fewer or shorter headers";
        } else if (status == 414) {
            message = "The request URI is too long; put long values in a JSON body instead";
        } else if (status == 417) {
            message = "The Expect header asks for something the simulator does not support; send no Expect header, "
                    + "or Expect: 100-continue";
        } else if (lower.equals("no host")) {
            message = "The request has no Host header, which HTTP/1.1 requires" + WELL_FORMED;
        } else if (lower.contains("transfer-encoding and content-length")) {
            message = "The request has both Transfer-Encoding and Content-Length; send exactly one of them";
        } else if (lower.contains("multiple content-length")) {
            message = "The request has more than one Content-Length header; send exactly one";
        } else if (lower.contains("content-length")) {
            message = "The Content-Length header is not a whole number of bytes; send the body's length in bytes";
        } else if (lower.contains("folding")) {
            message = "A header continues on the next line (obsolete line folding); write each header on one line";
        } else if (lower.startsWith("illegal character")) {
            message = "The request line or a header contains an illegal character (" + r.substring("illegal character".length()).trim()
                    + "): header names are tokens without spaces, and control characters are not allowed" + WELL_FORMED;
        } else if (lower.startsWith("ambiguous uri")) {
            message = "The path is ambiguous (" + r + "): do not encode '/' as %2F or '.' as %2E, and do not use "
                    + "empty or dot segments or ';' parameters";
        } else if (lower.contains("chunk")) {
            message = chunked(r);
        } else if (r.isEmpty() || lower.equals("bad request") || lower.contains("uri")) {
            message = "The request line cannot be read: the path or query has a bad percent-escape (every % needs "
                    + "two hex digits, write a literal % as %25; %00 is refused), an illegal character or no "
                    + "HTTP version" + WELL_FORMED;
        } else {
            message = "The simulator cannot read this HTTP request (" + plain(r, "malformed") + ")" + WELL_FORMED;
        }
        return new Answer(status, code(status), message);
    }

    /**
     * A request Jetty accepted but answered with an error itself, before or instead of the engine: a
     * WireMock path the simulator does not serve ({@code /__files}), an ambiguous path.
     */
    static Answer refused(int status, String reason, String method, String path) {
        if (status == 404) {
            return new Answer(404, code(404), "The A2E API has no operation " + method + " " + path
                    + "; check the path against the spec (a2e-spec: a2e/openapi.json)");
        }
        if (status >= 500) {
            return internal();
        }
        return unparsable(status, reason);
    }

    /** {@code /__admin}: WireMock's own admin API, switched off in the simulator. */
    static Answer wireMockAdmin(String method, String path) {
        return new Answer(404, code(404), "WireMock's admin API is switched off in the A2E simulator, so there is no "
                + method + " " + path + "; the simulator's inspection API is /__a2e (GET /__a2e lists its endpoints)");
    }

    /** A query string with a {@code %} not followed by two hex digits, or empty when it has none. */
    static Optional<Answer> badQuery(String rawQuery) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
            if (i + 2 >= rawQuery.length() || !isHex(rawQuery.charAt(i + 1)) || !isHex(rawQuery.charAt(i + 2))) {
                String escape = rawQuery.substring(i, Math.min(rawQuery.length(), i + 3));
                return Optional.of(new Answer(400, code(400), "The query string has a bad percent-escape '"
                        + printable(escape) + "' at character " + (i + 1) + ": every % needs two hex digits; "
                        + "write a literal % as %25"));
            }
        }
        return Optional.empty();
    }

    /**
     * A request whose body could not be read, from what reading it threw; empty when the failure was
     * not about the request body.
     *
     * @param chunked       whether the request said {@code Transfer-Encoding: chunked}
     * @param contentLength the {@code Content-Length} it announced, -1 if none
     */
    static Optional<Answer> unreadableBody(Throwable failure, boolean chunked, long contentLength) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadMessageException || t instanceof EOFException) {
                String reason = t instanceof BadMessageException bad && bad.getReason() != null ? bad.getReason() : "";
                return Optional.of(new Answer(400, code(400), chunked ? chunked(reason)
                        : "The request body ended before the " + (contentLength >= 0 ? contentLength + " bytes" : "bytes")
                        + " its Content-Length announced; send exactly Content-Length bytes of body"));
            }
            if (t instanceof TimeoutException) {
                return Optional.of(new Answer(408, code(408), "The request body did not arrive in time; send the "
                        + "whole body right after the headers"));
            }
        }
        return Optional.empty();
    }

    /** A failure of the simulator itself, never of the request: the message admits it. */
    static Answer internal() {
        return new Answer(500, "INTERNAL_ERROR", "The simulator failed on this request. This is a simulator bug, "
                + "not an injected error; please report it");
    }

    private static String chunked(String reason) {
        String detail = reason == null || reason.isBlank() ? "" : " (" + plain(reason, "broken") + ")";
        return "The chunked request body is broken or ends before its last chunk" + detail + ": send each chunk "
                + "as its size in hex, CRLF, the bytes and CRLF, and end with a 0-size chunk; or send a Content-Length";
    }

    /** The ErrorResponse code of a protocol-level refusal. */
    static String code(int status) {
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 408 -> "REQUEST_TIMEOUT";
            case 411 -> "LENGTH_REQUIRED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 417 -> "EXPECTATION_FAILED";
            case 431 -> "HEADERS_TOO_LARGE";
            case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
            default -> status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST";
        };
    }

    /** {@code text} unless it names Java internals, in which case {@code instead}. */
    static String plain(String text, String instead) {
        return text == null || text.isBlank() || Json.namesJavaInternals(text) ? instead : text;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
