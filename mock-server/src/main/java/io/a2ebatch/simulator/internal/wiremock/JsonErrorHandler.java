package io.a2ebatch.simulator.internal.wiremock;

import java.io.IOException;
import java.nio.ByteBuffer;

import wiremock.jakarta.servlet.RequestDispatcher;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletResponse;
import wiremock.org.eclipse.jetty.http.HttpFields;
import wiremock.org.eclipse.jetty.http.HttpHeader;
import wiremock.org.eclipse.jetty.server.Request;
import wiremock.org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error pages as the simulator's JSON {@code ErrorResponse}: for requests Jetty refuses while
 * parsing them ({@link #badMessageError}) and for errors Jetty or WireMock answer themselves
 * ({@link #handle}). Never HTML, never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final MalformedRequests answers;

    JsonErrorHandler(MalformedRequests answers) {
        this.answers = answers;
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    /** Every method gets a body: Jetty's default leaves it out for all but GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MalformedRequests.contentType());
        return ByteBuffer.wrap(answers.body(MalformedRequests.unparsable(status, reason)));
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        MalformedRequests.Answer answer = MalformedRequests.refused(response.getStatus(),
                reason instanceof String s ? s : null, request.getMethod(), request.getRequestURI());
        byte[] body = answers.body(answer);
        response.setStatus(answer.status());
        response.setContentType(MalformedRequests.contentType());
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), null);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
