package io.a2ebatch.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(8), 5);
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void growsExponentiallyWithJitterWithinHalfAndFullDelay() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            long full = 500L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                Duration d = backoff.delay(attempt, Optional.empty(), random);
                assertThat(d.toMillis()).isBetween(full / 2, full);
            }
        }
    }

    @Test
    void capsTheDelayAtTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(30, Optional.empty(), random)).isBetween(Duration.ofSeconds(4),
                    Duration.ofSeconds(8));
        }
    }

    @Test
    void neverWaitsLessThanRetryAfter() {
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(3)), random)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(8, Optional.of(Duration.ofMillis(1)), random))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void countsAttemptsIncludingTheFirst() {
        assertThat(backoff.allowsAnotherAfter(4)).isTrue();
        assertThat(backoff.allowsAnotherAfter(5)).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, 2, Duration.ofSeconds(1), 3)).hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 3)).hasMessageContaining("below");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 3)).hasMessageContaining("multiplier");
    }
}
