package io.a2ebatch.tracking;

import java.time.Duration;
import java.util.OptionalDouble;

import io.a2ebatch.throttle.InFlightLimiter;

/**
 * How long a poll gives way to starts that wait for the rate ({@link io.a2ebatch.throttle.RateLimiter#acquireYielding}),
 * as the {@link Tracker} decides it for each request:
 * <ul>
 *   <li>not at all once half of the provider's in-flight places are taken, if more rows are still to end than
 *       the cap has places: the cap would soon hold starts back, and only polls free places;</li>
 *   <li>twice the usual time when the rows still to start need no more than that at their provider's rate
 *       limit: the poll's answer would come shortly before the rounds that follow the last start anyway, and
 *       a request among the starts delays every later start by one interval;</li>
 *   <li>the usual time otherwise: a long run's tasks are still read every so often.</li>
 * </ul>
 *
 * @param usual how long a poll gives way otherwise ({@link Tracker#MAX_YIELD_POLL_INTERVALS} poll intervals)
 */
record PollYield(Duration usual) {

    /**
     * @param rowsToEnd    the run's rows not yet in a final state, in flight or still to start
     * @param tasksTracked the run's tasks in flight, every provider's
     * @param places       the in-flight cap of the polled tasks' provider
     * @param rateLimit    that provider's rate limit, requests a second; without it, no longer than usual
     */
    Duration of(long rowsToEnd, int tasksTracked, InFlightLimiter places, OptionalDouble rateLimit) {
        if (places.atLeastHalfTaken() && rowsToEnd > places.capacity()) {
            return Duration.ZERO;
        }
        if (rateLimit.isEmpty()) {
            return usual;
        }
        Duration longest = usual.multipliedBy(2);
        long toStart = Math.max(0, rowsToEnd - tasksTracked);
        Duration startsNeed = Duration.ofNanos(Math.round(toStart * 1e9 / rateLimit.getAsDouble()));
        return startsNeed.compareTo(longest) <= 0 ? longest : usual;
    }
}
