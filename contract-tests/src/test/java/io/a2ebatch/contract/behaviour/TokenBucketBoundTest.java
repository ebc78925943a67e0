package io.a2ebatch.contract.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The bound {@link RateContractTest} checks arrivals against, on arrival times made up for the purpose. */
class TokenBucketBoundTest {

    private static final Instant START = Instant.parse("2025-03-13T07:58:27Z");

    private static List<Instant> at(long... millis) {
        return java.util.Arrays.stream(millis).mapToObj(START::plusMillis).toList();
    }

    @Test
    void acceptsRequestsThatArriveLateAndTogether() {
        // Ten permits 100 ms apart, the first five held up by a stalled machine until 450 ms.
        List<Instant> arrivals = at(450, 450, 451, 452, 452, 500, 600, 700, 800, 900);

        assertThat(RateContractTest.tooEarly(arrivals, START, 10, 1)).isEmpty();
    }

    @Test
    void catchesAClientThatSendsFasterThanTheRate() {
        List<Instant> arrivals = IntStream.range(0, 20).mapToObj(i -> START.plusMillis(50L * i)).toList();

        assertThat(RateContractTest.tooEarly(arrivals, START, 10, 1)).hasSize(19)
                .first().asString().contains("request 2 arrived 50 ms after the start").contains("no earlier than 100 ms");
    }

    @Test
    void allowsTheBurstAtOnce() {
        assertThat(RateContractTest.tooEarly(at(0, 0, 0, 100), START, 10, 3)).isEmpty();
        assertThat(RateContractTest.tooEarly(at(0, 0, 0, 0), START, 10, 3)).hasSize(1);
    }
}
