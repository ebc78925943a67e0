package io.a2ebatch.simulator.internal.wiremock;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
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
 * ({@link #handedOver}). The request is read as WireMock reads it ({@link WireMockHttpServletRequestAdapter}:
 * the URL as sent, headers grouped by name whatever their case, a gzip body unpacked), and the answer is
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
        ApiResponse answer = engine.apply(apiRequest(new WireMockHttpServletRequestAdapter(request, null, null, false,
                null)));
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

    /** The engine's view of a request as WireMock reads it. */
    private static ApiRequest apiRequest(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key(), header.values());
        }
        return ApiRequest.of(request.getMethod().value(), request.getUrl(), headers, request.getBody());
    }
}
