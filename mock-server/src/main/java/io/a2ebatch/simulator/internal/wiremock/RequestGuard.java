package io.a2ebatch.simulator.internal.wiremock;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

import wiremock.jakarta.servlet.Filter;
import wiremock.jakarta.servlet.FilterChain;
import wiremock.jakarta.servlet.ServletException;
import wiremock.jakarta.servlet.ServletRequest;
import wiremock.jakarta.servlet.ServletResponse;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletResponse;

/**
 * A servlet filter in front of WireMock: refuses what WireMock cannot read (a query with a bad
 * percent-escape), answers a request whose body breaks off (shorter than its {@code Content-Length},
 * broken chunked encoding) with a 400 instead of WireMock's 500, and keeps WireMock's admin API
 * and file server ({@code /__files}) answering in the simulator's JSON.
 */
final class RequestGuard implements Filter {

    private static final System.Logger LOG = System.getLogger(RequestGuard.class.getName());

    private static final String WIREMOCK_FILES = "/__files";

    private final MalformedRequests answers;
    private final boolean wireMockAdmin;

    /**
     * @param wireMockAdmin whether this guards WireMock's {@code /__admin} context, which answers nothing else
     */
    RequestGuard(MalformedRequests answers, boolean wireMockAdmin) {
        this.answers = answers;
        this.wireMockAdmin = wireMockAdmin;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (wireMockAdmin) {
            send(response, MalformedRequests.wireMockAdmin(request.getMethod(), request.getRequestURI()), false);
            return;
        }
        if (request.getRequestURI().startsWith(WIREMOCK_FILES)) {
            // WireMock's file server: the simulator serves no files there, whatever the method.
            send(response, MalformedRequests.refused(404, null, request.getMethod(), request.getRequestURI()), false);
            return;
        }
        Optional<MalformedRequests.Answer> badQuery = MalformedRequests.badQuery(request.getQueryString());
        if (badQuery.isPresent()) {
            send(response, badQuery.get(), false);
            return;
        }
        try {
            chain.doFilter(req, res);
        } catch (IOException | ServletException | RuntimeException e) {
            MalformedRequests.Answer answer = MalformedRequests.unreadableBody(e, isChunked(request),
                    request.getContentLengthLong()).orElse(null);
            if (answer == null) {
                LOG.log(Level.ERROR, "The simulator failed on " + request.getMethod() + " " + request.getRequestURI(), e);
                answer = MalformedRequests.internal();
            }
            if (response.isCommitted()) {
                // The answer has started; the client sees the connection end instead.
                return;
            }
            send(response, answer, true);
        }
    }

    private static boolean isChunked(HttpServletRequest request) {
        String te = request.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private void send(HttpServletResponse response, MalformedRequests.Answer answer, boolean close) throws IOException {
        byte[] body = answers.body(answer);
        response.reset();
        response.setStatus(answer.status());
        response.setContentType(MalformedRequests.contentType());
        if (close) {
            // What is left of a broken body cannot be told from the next request.
            response.setHeader("Connection", "close");
        }
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "The client left before the error answer was written", e);
        }
    }
}
