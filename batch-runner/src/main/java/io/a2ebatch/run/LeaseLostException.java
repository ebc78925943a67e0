package io.a2ebatch.run;

/**
 * A write was refused because this process no longer owns the run: its lease expired (the process was
 * paused or cut off from the database past the expiry) or another process took the run over. Nothing
 * more may be recorded or sent; the run stops and can be run again once the other owner is done.
 */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(String message) {
        super(message);
    }
}
