package io.a2ebatch.client;

/** No usable response from A2E (connection refused, dropped or timed out). Reads are retried; a start request is in doubt until the task is looked up by name. */
public final class TransportException extends A2eApiException {

    public TransportException(Failure failure) {
        super(failure, true, true);
    }
}
