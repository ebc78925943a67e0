package io.a2ebatch.client;

/** The account has too few credits (402): the run stops; top up and run the same command again to resume. */
public final class InsufficientCreditsException extends A2eApiException {

    public InsufficientCreditsException(Failure failure) {
        super(failure, false, false);
    }
}
