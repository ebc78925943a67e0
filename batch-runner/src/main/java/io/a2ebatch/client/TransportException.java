package io.a2ebatch.client;

import java.util.Optional;

/**
 * No usable response from A2E (connection refused, dropped or timed out). Reads are retried; a start
 * request is in doubt until the task is looked up by name.
 */
public final class TransportException extends A2eApiException {

    private final String cannotConnect;

    /** A request that may have reached A2E: the connection broke or timed out after it was made. */
    public TransportException(Failure failure) {
        this(failure, null);
    }

    /**
     * @param cannotConnect why no connection to A2E could be made at all ({@code cannot connect to URL
     *                      (connection refused)}), or null when one was made
     */
    public TransportException(Failure failure, String cannotConnect) {
        super(failure, true, true);
        this.cannotConnect = cannotConnect;
    }

    @Override
    public Optional<String> cannotConnect() {
        return Optional.ofNullable(cannotConnect);
    }
}
