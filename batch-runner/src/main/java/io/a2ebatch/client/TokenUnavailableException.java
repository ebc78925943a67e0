package io.a2ebatch.client;

/**
 * There is no API token to use (none configured, or its file cannot be read); the message says where
 * to put one. A configuration error: nothing was sent.
 */
public class TokenUnavailableException extends IllegalStateException {

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
