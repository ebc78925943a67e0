package io.a2ebatch.simulator.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the engine sees it, independent of the server that received it.
 *
 * @param method  upper-case method
 * @param url     path and query as sent
 * @param path    decoded path without query and without a trailing slash
 * @param query   decoded query parameters (first value of each)
 * @param headers headers by name as sent
 * @param body    body bytes, empty when none
 */
public record ApiRequest(String method, String url, String path, Map<String, String> query,
                         Map<String, List<String>> headers, byte[] body) {

    /** Splits {@code url} into path and query. */
    public static ApiRequest of(String method, String url, Map<String, List<String>> headers, byte[] body) {
        int q = url.indexOf('?');
        String rawPath = q < 0 ? url : url.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(url.substring(q + 1));
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        return new ApiRequest(method.toUpperCase(Locale.ROOT), url, path, query, headers,
                body == null ? new byte[0] : body);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Decodes one path segment ({@code %2F} and friends; {@code +} stays a plus). */
    public static String decodeSegment(String segment) {
        return decode(segment.replace("+", "%2B"));
    }

    /** The first value of a header, ignoring the case of its name. */
    public Optional<String> header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
