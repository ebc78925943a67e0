package io.a2ebatch.client;

/** A2E rejected the request (400 / 403 / other 4xx, or a non-zero code): the row fails with A2E's message; fix the row and run it again. */
public final class RequestRejectedException extends A2eApiException {

    public RequestRejectedException(Failure failure) {
        super(failure, false, false);
    }
}
