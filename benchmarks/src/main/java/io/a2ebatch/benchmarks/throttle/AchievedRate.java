package io.a2ebatch.benchmarks.throttle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.Ticker;

/**
 * The rate a {@link RateLimiter} actually hands out permits at, on the real clock, against the rate it
 * is configured with: {@code threads} callers take permits as fast as it lets them for a while, each
 * permit's time is recorded, and the achieved rate is (permits - 1) / (last - first). Also reported:
 * the most permits in any one-second window, which is what a provider's limiter counts; more than the
 * configured rate there would be answered with 429s.
 *
 * @param permitsPerSecond the configured rate
 * @param threads          callers taking permits at once
 * @param duration         how long they take them
 */
public record AchievedRate(double permitsPerSecond, int threads, Duration duration) {

    /**
     * @param configured      the configured rate
     * @param threads         callers
     * @param seconds         measured span, first permit to last
     * @param permits         permits taken
     * @param achieved        permits per second over that span
     * @param ratio           achieved / configured
     * @param maxInAnySecond  the most permits handed out within any one second
     */
    public record Result(double configured, int threads, double seconds, int permits, double achieved, double ratio,
                         int maxInAnySecond) {
    }

    public Result measure() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(RateLimiterConfig.smooth(permitsPerSecond), Ticker.SYSTEM);
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (permitsPerSecond * duration.toSeconds() * 2) + 16);
        for (int t = 0; t < threads; t++) {
            long[] times = new long[capacity];
            perThread.add(times);
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    int n = 0;
                    while (n < times.length) {
                        limiter.acquire();
                        long now = System.nanoTime();
                        if (now >= end) {
                            break;
                        }
                        times[n++] = now;
                    }
                    counts[index] = n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "achieved-rate-" + t);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return summarise(permitsPerSecond, threads, all);
    }

    /** The figures for a sorted array of permit times in nanoseconds. */
    static Result summarise(double configured, int threads, long[] sortedTimes) {
        int n = sortedTimes.length;
        if (n < 2) {
            throw new IllegalStateException("fewer than two permits were handed out; measure for longer");
        }
        double seconds = (sortedTimes[n - 1] - sortedTimes[0]) / 1e9;
        double achieved = (n - 1) / seconds;
        int maxInSecond = 0;
        int from = 0;
        for (int to = 0; to < n; to++) {
            while (sortedTimes[to] - sortedTimes[from] >= 1_000_000_000L) {
                from++;
            }
            maxInSecond = Math.max(maxInSecond, to - from + 1);
        }
        return new Result(configured, threads, seconds, n, achieved, achieved / configured, maxInSecond);
    }
}
