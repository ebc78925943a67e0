package io.a2ebatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.a2ebatch.run.RunCounters;
import org.junit.jupiter.api.Test;

/** The progress line: fits the terminal, rates over the last seconds, ETA from them (injected clock). */
class ProgressReporterTest {

    private final RunCounters counters = new RunCounters();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final AtomicInteger inFlight = new AtomicInteger();

    private ProgressReporter reporter() {
        return new ProgressReporter(counters, inFlight::get, requests::get, now::get, null, 80, null);
    }

    private void advance(long seconds, long completed, long sent) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        counters.completed.addAndGet(completed);
        requests.addAndGet(sent);
    }

    @Test
    void ratesAndEtaComeFromTheLastSecondsNotTheWholeRun() {
        counters.total.set(10_000);
        ProgressReporter progress = reporter();
        // A fast start: 100 rows/s for 20 s...
        for (int i = 0; i < 20; i++) {
            advance(1, 100, 300);
            progress.sample();
        }
        // ...then 10 rows/s for the last 10 s: the line shows 10/s, not the run's average.
        for (int i = 0; i < 10; i++) {
            advance(1, 10, 30);
            progress.sample();
        }
        inFlight.set(42);
        String line = progress.line(200);
        assertThat(line).isEqualTo("2100/10000 done | 0 failed | 42 in flight | 30.0 req/s | 10.0 rows/s | ETA 13m10s");
    }

    @Test
    void neverWiderThanTheTerminalDroppingTheLeastImportantPartsFirst() {
        counters.total.set(1_000_000);
        counters.completed.set(123_456);
        counters.failed.set(7_890);
        inFlight.set(100_000);
        ProgressReporter progress = reporter();
        advance(5, 5000, 20000);
        progress.sample();
        for (int width : new int[] {200, 80, 60, 40, 30, 20}) {
            String line = progress.line(width);
            assertThat(line.length()).as(line).isLessThan(width);
            assertThat(line).startsWith("136346/1000000 done");
        }
        assertThat(progress.line(80)).contains("ETA");
        assertThat(progress.line(40)).isEqualTo("136346/1000000 done | ETA 14m24s");
    }

    @Test
    void etaIsUnknownUntilARateIsMeasured() {
        counters.total.set(10);
        assertThat(reporter().line(80)).endsWith("ETA --");
    }

    @Test
    void widthComesFromColumnsWithEightyAsTheFallback() {
        assertThat(ProgressReporter.terminalWidth(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(ProgressReporter.terminalWidth(Map.of())).isEqualTo(80);
        assertThat(ProgressReporter.terminalWidth(Map.of("COLUMNS", "wide"))).isEqualTo(80);
    }
}
