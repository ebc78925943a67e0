package io.a2ebatch.client;

/** A2E answered 2xx with a body this client cannot read. Reads are retried; a start request is in doubt until the task is looked up by name. */
public final class UnexpectedResponseException extends A2eApiException {

    public UnexpectedResponseException(Failure failure) {
        super(failure, true, true);
    }
}
