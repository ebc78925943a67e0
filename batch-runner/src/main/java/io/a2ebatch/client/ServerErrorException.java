package io.a2ebatch.client;

/** A2E answered with a server error (5xx). Reads are retried; a start request is in doubt until the task is looked up by name. */
public final class ServerErrorException extends A2eApiException {

    public ServerErrorException(Failure failure) {
        super(failure, true, true);
    }
}
