package io.a2ebatch.client;

/** A2E refused the API token (401): the run stops; fix the token and run the same command again to resume. */
public final class AuthenticationException extends A2eApiException {

    public AuthenticationException(Failure failure) {
        super(failure, false, false);
    }
}
