package io.a2ebatch.simulator.internal.lifecycle;

/** A start request the account cannot pay for. */
public final class InsufficientCreditsException extends Exception {

    private final long needed;
    private final long available;

    public InsufficientCreditsException(long needed, long available) {
        super("Starting a task costs " + needed + " credits and the account has " + available
                + "; top up the account (POST /__a2e/credits on the simulator) or wait for failed tasks to be refunded");
        this.needed = needed;
        this.available = available;
    }

    public long needed() {
        return needed;
    }

    public long available() {
        return available;
    }
}
