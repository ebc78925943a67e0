package io.a2ebatch.simulator.internal.wiremock;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.common.Gzip;
import com.github.tomakehurst.wiremock.servlet.WireMockHttpServletRequestAdapter;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import wiremock.jakarta.servlet.Filter;
import wiremock.jakarta.servlet.FilterChain;
import wiremock.jakarta.servlet.ServletException;
import wiremock.jakarta.servlet.ServletOutputStream;
import wiremock.jakarta.servlet.ServletRequest;
import wiremock.jakarta.servlet.ServletResponse;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletResponse;
import wiremock.org.eclipse.jetty.http.HttpField;

/**
 * Hands every request of the stub context to the engine in a servlet filter, before WireMock's own
 * request handling, and writes the engine's answer itself when it is an immediate one. WireMock turns
 * each request into several copies of itself (a serve event, logged requests with their absolute URL
 * re-parsed, stub matching, a rendered response) before a stub's transformer sees it; profiles of detail
 * polling put more time there than in the whole engine, and none of it is the simulator's work.
 *
 * <p>Answers WireMock carries out better are passed on to it: one the engine wants delayed (WireMock's
 * asynchronous responses wait without holding a Jetty thread) and one that drops the connection
 * (WireMock's fault injection). The engine has then already answered, counted and logged the request, so
 * it is never handled twice: the answer travels to {@link WireMockFront}'s transformer on this thread
 * ({@link #handedOver}). The request is read as WireMock reads it ({@link #apiRequest}), and the answer is
 * written as WireMock writes a stub's answer (status, headers, {@code Content-Length}, body), so clients
 * see the same bytes either way.
 */
final class EngineFilter implements Filter {

    private static final ThreadLocal<ApiResponse> HANDED_OVER = new ThreadLocal<>();

    private final Function<ApiRequest, ApiResponse> engine;

    EngineFilter(Function<ApiRequest, ApiResponse> engine) {
        this.engine = engine;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        ApiResponse answer = engine.apply(apiRequest(request));
        if (answer.fault() || answer.delayMillis() > 0) {
            HANDED_OVER.set(answer);
            try {
                chain.doFilter(req, res);
            } finally {
                HANDED_OVER.remove();
            }
            return;
        }
        response.setStatus(answer.status());
        answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentLength(answer.body().length);
        try (ServletOutputStream out = response.getOutputStream()) {
            out.write(answer.body());
            out.flush();
        }
    }

    /**
     * The engine's answer to the request this thread is passing to WireMock: one to be delayed or
     * dropped, which only WireMock's response path can carry out.
     *
     * @throws IllegalStateException when the request did not come through this filter (a wiring mistake)
     */
    static ApiResponse handedOver() {
        ApiResponse answer = HANDED_OVER.get();
        if (answer == null) {
            throw new IllegalStateException("A request reached WireMock's stub without the engine's answer; "
                    + "the front's EngineFilter must be installed in front of the stub servlet");
        }
        return answer;
    }

    /**
     * The engine's view of a request, read as WireMock's {@link WireMockHttpServletRequestAdapter} reads it
     * (which the engine saw before this filter existed) without building WireMock's request: the URL as sent
     * (path and query), the headers in the order sent grouped by name whatever its case (the first spelling
     * names the group), and the body, unpacked when it is gzip.
     */
    private static ApiRequest apiRequest(HttpServletRequest request) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, List<String>> byLowerCaseName = new HashMap<>();
        for (HttpField field : wiremock.org.eclipse.jetty.server.Request.getBaseRequest(request).getHttpFields()) {
            byLowerCaseName.computeIfAbsent(field.getLowerCaseName(), k -> {
                List<String> values = new ArrayList<>(1);
                headers.put(field.getName(), values);
                return values;
            }).add(field.getValue());
        }
        String query = request.getQueryString();
        String url = query == null || query.isEmpty() ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        byte[] body = request.getInputStream().readAllBytes();
        String encoding = request.getHeader("Content-Encoding");
        if ((encoding != null && encoding.contains("gzip")) || Gzip.isGzipped(body)) {
            body = Gzip.unGzip(body);
        }
        return ApiRequest.of(request.getMethod(), url, headers, body);
    }
}
