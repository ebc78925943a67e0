package io.a2ebatch.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request and the simulator's answer to it, as an {@link ExchangeListener} sees them. The
 * {@code Authorization} header carries a masked token ({@code Bearer sk_test_…ab12}), never the token.
 *
 * @param receivedAt      when the request arrived (the simulator's clock)
 * @param method          upper-case HTTP method
 * @param url             path and query as sent
 * @param requestHeaders  request headers by name as sent; values in order
 * @param requestBody     request body bytes, empty when none
 * @param status          HTTP status, or 0 when the simulator dropped the connection ({@code fault})
 * @param responseHeaders response headers; empty for a dropped connection
 * @param responseBody    response body bytes; empty for a dropped connection
 * @param operation       what the request asked for
 * @param family          the task family's path segment ({@code userImage2Video}), or {@code null}
 * @param fault           whether the connection was dropped instead of answered
 */
public record Exchange(Instant receivedAt, String method, String url, Map<String, List<String>> requestHeaders,
                       byte[] requestBody, int status, Map<String, List<String>> responseHeaders,
                       byte[] responseBody, SimulatorOperation operation, String family, boolean fault) {

    public Exchange {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** The request body as UTF-8 text. */
    public String requestBodyAsString() {
        return new String(requestBody, StandardCharsets.UTF_8);
    }

    /** The response body as UTF-8 text. */
    public String responseBodyAsString() {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    /** The first value of a request header, ignoring the case of its name. */
    public Optional<String> requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** The first value of a response header, ignoring the case of its name. */
    public Optional<String> responseHeader(String name) {
        return first(responseHeaders, name);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return method + " " + url + " -> " + (fault ? "dropped connection" : String.valueOf(status));
    }
}
