package io.a2ebatch.spec.family;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One operation of a task family.
 *
 * @param method          upper-case HTTP method
 * @param pathTemplate    path as the spec writes it, e.g. {@code /api/v1/userNanoBanana/detail/{id}}
 * @param idParameter     name of the parameter that carries the task id: a path parameter ({@code _id} or
 *                        {@code id}) or, when the template has no such placeholder, a query parameter
 *                        (Aleph's {@code taskId}); {@code null} when the endpoint takes no id
 * @param queryParameters query parameters the spec declares (e.g. {@code pageNum}, {@code pageSize})
 */
public record Endpoint(String method, String pathTemplate, String idParameter, List<String> queryParameters) {

    public Endpoint {
        method = method.toUpperCase(Locale.ROOT);
        queryParameters = List.copyOf(queryParameters);
    }

    /** The concrete path (with its query, for a query id) for a task id. */
    public String path(String taskId) {
        if (idParameter == null) {
            return pathTemplate;
        }
        String encoded = URLEncoder.encode(taskId, StandardCharsets.UTF_8);
        String placeholder = "{" + idParameter + "}";
        if (pathTemplate.contains(placeholder)) {
            return pathTemplate.replace(placeholder, encoded);
        }
        return pathTemplate + "?" + URLEncoder.encode(idParameter, StandardCharsets.UTF_8) + "=" + encoded;
    }

    /** The path of an endpoint without an id parameter. */
    public String path() {
        if (idParameter != null) {
            throw new IllegalStateException(pathTemplate + " needs a task id");
        }
        return pathTemplate;
    }

    /** {@code GET /api/v1/...}. */
    public String label() {
        return method + " " + pathTemplate;
    }
}
