package io.a2ebatch.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import io.a2ebatch.throttle.InFlightLimiter;
import org.junit.jupiter.api.Test;

class PollYieldTest {

    private static final Duration USUAL = Duration.ofSeconds(5);
    private final PollYield yield = new PollYield(USUAL);

    /** A cap of {@code capacity} places with {@code taken} of them taken. */
    private static InFlightLimiter places(int capacity, int taken) throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(capacity);
        for (int i = 0; i < taken; i++) {
            assertThat(limiter.tryAcquire(0, TimeUnit.MILLISECONDS)).isPresent();
        }
        return limiter;
    }

    private static OptionalDouble rate(double perSecond) {
        return OptionalDouble.of(perSecond);
    }

    @Test
    void aLongRunsPollsGiveWayForTheUsualTime() throws InterruptedException {
        // 9,900 rows still to start at 40/s need minutes.
        assertThat(yield.of(10_000, 100, places(500, 100), rate(40))).isEqualTo(USUAL);
    }

    @Test
    void givesWayTwiceAsLongWhenTheLastStartIsDueWithinThat() throws InterruptedException {
        // The 400-row job at 40/s, half a second in: 380 rows to start need 9.5 s.
        assertThat(yield.of(400, 20, places(400, 20), rate(40))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theLastStartIsDueWithinTwiceTheUsualTimeUpToItsEnd() throws InterruptedException {
        assertThat(yield.of(420, 20, places(1_000, 20), rate(40))).as("400 rows to start: 10 s")
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(yield.of(421, 20, places(1_000, 20), rate(40))).as("401 rows: 10.025 s").isEqualTo(USUAL);
    }

    @Test
    void givesNoWayOnceHalfThePlacesAreTakenAndMoreRowsAreToEndThanTheCapHolds() throws InterruptedException {
        // 20,000 rows at 2,000/s with a cap of 10,000: the tasks in flight would reach the cap.
        assertThat(yield.of(20_000, 5_000, places(10_000, 5_000), rate(2_000))).isEqualTo(Duration.ZERO);
        assertThat(yield.of(20_000, 4_999, places(10_000, 4_999), rate(2_000))).as("less than half taken")
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void keepsGivingWayAtHalfTheCapWhenEveryRowFitsUnderIt() throws InterruptedException {
        // Every row of the run can be in flight at once: the cap never holds a start back.
        assertThat(yield.of(400, 200, places(400, 200), rate(40))).isEqualTo(Duration.ofSeconds(10));
        assertThat(yield.of(400, 300, places(400, 300), rate(40))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void givesWayTheUsualTimeWithoutAKnownRateLimit() throws InterruptedException {
        assertThat(yield.of(400, 20, places(400, 20), OptionalDouble.empty())).isEqualTo(USUAL);
        assertThat(yield.of(20_000, 5_000, places(10_000, 5_000), OptionalDouble.empty())).isEqualTo(Duration.ZERO);
    }

    @Test
    void tasksAdoptedBeyondTheRowsToEndLeaveNothingToStart() throws InterruptedException {
        assertThat(yield.of(10, 30, places(100, 30), rate(1))).isEqualTo(Duration.ofSeconds(10));
    }
}
