package io.a2ebatch.simulator;

/**
 * What the simulator did with callbacks (kie.ai's {@code callBackUrl}), from the start or the last
 * reset. A callback is one task's notification; a delivery is one POST of it.
 *
 * @param sent       deliveries the receiver accepted (2xx), duplicates included
 * @param failed     callbacks given up after the first attempt and 3 retries all failed
 * @param retried    retries of failed deliveries (a non-2xx answer or an I/O error)
 * @param dropped    callbacks not sent on purpose ({@code callbackDropRate})
 * @param duplicated callbacks sent a second time on purpose ({@code callbackDuplicateRate})
 * @param pending    tasks with a callback URL that have not finished yet, plus deliveries waiting
 */
public record CallbackStats(long sent, long failed, long retried, long dropped, long duplicated, long pending) {

    /** No callbacks at all. */
    public static final CallbackStats NONE = new CallbackStats(0, 0, 0, 0, 0, 0);
}
