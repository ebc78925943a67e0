package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DurationRangeTest {

    @Test
    void readsTheCommandLineForms() {
        assertThat(DurationRange.parse("5s")).isEqualTo(DurationRange.of(Duration.ofSeconds(5)));
        assertThat(DurationRange.parse("20ms")).isEqualTo(DurationRange.of(Duration.ofMillis(20)));
        assertThat(DurationRange.parse("1.5s")).isEqualTo(DurationRange.of(Duration.ofMillis(1500)));
        assertThat(DurationRange.parse("2s..10s")).isEqualTo(DurationRange.between(Duration.ofSeconds(2), Duration.ofSeconds(10)));
        assertThat(DurationRange.parse("5ms..1m").max()).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationRange.parse("PT2H").min()).isEqualTo(Duration.ofHours(2));
        assertThat(DurationRange.parse("0")).isEqualTo(DurationRange.ZERO);
    }

    @Test
    void explainsWhatItAccepts() {
        assertThatThrownBy(() -> DurationRange.parse("5")).hasMessageContaining("number and a unit");
        assertThatThrownBy(() -> DurationRange.parse("fast")).hasMessageContaining("'fast' is not a duration");
        assertThatThrownBy(() -> DurationRange.parse("10s..2s")).hasMessageContaining("write 2s..10s");
    }

    @Test
    void writesItselfAsItIsRead() {
        assertThat(DurationRange.parse("2s..10s")).hasToString("2s..10s");
        assertThat(DurationRange.parse("1500ms")).hasToString("1500ms");
        assertThat(DurationRange.parse("120s")).hasToString("2m");
    }

    @Test
    void drawsValuesWithinTheRange() {
        DurationRange range = DurationRange.parse("2s..3s");
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(range.sampleMillis(random)).isBetween(2000L, 3000L);
        }
        assertThat(DurationRange.parse("7ms").sampleMillis(random)).isEqualTo(7);
    }
}
