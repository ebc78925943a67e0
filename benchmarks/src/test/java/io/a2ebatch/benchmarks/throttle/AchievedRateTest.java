package io.a2ebatch.benchmarks.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AchievedRateTest {

    @Test
    void achievedRateCountsIntervalsBetweenPermitsAndTheBusiestSecond() {
        long ms = 1_000_000L;
        // 11 permits 100 ms apart (10/s), then three more within 10 ms: the busiest second, from 100 ms on, holds 13.
        long[] times = {0, 100 * ms, 200 * ms, 300 * ms, 400 * ms, 500 * ms, 600 * ms, 700 * ms, 800 * ms, 900 * ms,
                1000 * ms, 1002 * ms, 1005 * ms, 1010 * ms};

        AchievedRate.Result result = AchievedRate.summarise(10, 1, times);

        assertThat(result.permits()).isEqualTo(14);
        assertThat(result.seconds()).isCloseTo(1.010, within(1e-9));
        assertThat(result.achieved()).isCloseTo(13 / 1.010, within(1e-9));
        assertThat(result.ratio()).isCloseTo(13 / 1.010 / 10, within(1e-9));
        assertThat(result.maxInAnySecond()).isEqualTo(13);
    }
}
