package io.a2ebatch.throttle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A ticker whose time moves only when something sleeps on it. */
final class FakeTicker implements Ticker {

    private long now = 1_000_000_000L;
    final List<Duration> sleeps = new ArrayList<>();
    /** Runs once, during the next sleep: something that happens while a caller waits. */
    Runnable duringNextSleep;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        Runnable event;
        synchronized (this) {
            sleeps.add(duration);
            now += duration.toNanos();
            event = duringNextSleep;
            duringNextSleep = null;
        }
        if (event != null) {
            event.run();
        }
    }

    synchronized void advance(Duration duration) {
        now += duration.toNanos();
    }
}
