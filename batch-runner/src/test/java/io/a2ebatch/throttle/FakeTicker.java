package io.a2ebatch.throttle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A ticker whose time moves only when something sleeps on it. */
final class FakeTicker implements Ticker {

    private long now = 1_000_000_000L;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    synchronized void advance(Duration duration) {
        now += duration.toNanos();
    }
}
