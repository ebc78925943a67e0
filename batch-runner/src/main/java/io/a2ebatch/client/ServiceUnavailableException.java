package io.a2ebatch.client;

/**
 * The provider refuses work for a while (kie.ai's 455, "undergoing maintenance"): nothing was created;
 * retry with backoff.
 */
public final class ServiceUnavailableException extends A2eApiException {

    public ServiceUnavailableException(Failure failure) {
        super(failure, true, false);
    }
}
