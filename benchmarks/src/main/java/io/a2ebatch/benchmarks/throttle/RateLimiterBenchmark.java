package io.a2ebatch.benchmarks.throttle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.Ticker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link RateLimiter#acquire()} costs per permit when it never has to wait: the limiter is set
 * to 10<sup>12</sup> permits/s, so a permit is always due, and a sleep would fail the run
 * ({@link CountingTicker}). The baseline is one read of the clock, {@link System#nanoTime()}, which any
 * time-based limiter pays at least once per permit. Both are measured on one thread and on two threads
 * sharing the limiter (the runner's submit workers and tracker do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RateLimiterBenchmark {

    /** So high that the next permit is always already due. */
    static final double NEVER_WAITS = 1e12;

    private CountingTicker ticker;
    private RateLimiter limiter;

    @Setup(Level.Trial)
    public void create() {
        ticker = new CountingTicker(Ticker.SYSTEM);
        limiter = new RateLimiter(RateLimiterConfig.smooth(NEVER_WAITS), ticker);
    }

    @TearDown(Level.Trial)
    public void checkNeverSlept() {
        if (ticker.sleeps() > 0) {
            throw new IllegalStateException("the limiter slept " + ticker.sleeps()
                    + " times; the overhead figure would include waiting");
        }
    }

    /** Baseline: one clock read. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    /** One permit. */
    @Benchmark
    public void acquire() throws InterruptedException {
        limiter.acquire();
    }

    /** Baseline on two threads. */
    @Benchmark
    @Threads(2)
    public long nanoTimeTwoThreads() {
        return System.nanoTime();
    }

    /** One permit, two threads taking permits from the same limiter. */
    @Benchmark
    @Threads(2)
    public void acquireTwoThreads() throws InterruptedException {
        limiter.acquire();
    }

    /** The real clock, counting sleeps so that a benchmark that should never wait can prove it did not. */
    static final class CountingTicker implements Ticker {

        private final Ticker delegate;
        private final AtomicLong sleeps = new AtomicLong();

        CountingTicker(Ticker delegate) {
            this.delegate = delegate;
        }

        long sleeps() {
            return sleeps.get();
        }

        @Override
        public long nanoTime() {
            return delegate.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            sleeps.incrementAndGet();
            delegate.sleep(duration);
        }
    }
}
