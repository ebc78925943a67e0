package io.a2ebatch.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.engine.RunCounters;
import io.a2ebatch.submit.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how a run is going: on a terminal, one line redrawn in place (done / failed / in flight,
 * request rate, ETA); elsewhere, a log line at a fixed interval.
 */
public final class ProgressReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

    private final RunCounters counters;
    private final IntSupplier inFlight;
    private final LongSupplier requests;
    private final PrintStream terminal;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private final long doneAtStart;
    private final long requestsAtStart;
    private volatile Supplier<String> downloads;

    private ProgressReporter(RunCounters counters, IntSupplier inFlight, LongSupplier requests,
                             PrintStream terminal, Duration interval) {
        this.counters = counters;
        this.inFlight = inFlight;
        this.requests = requests;
        this.terminal = terminal;
        this.doneAtStart = counters.done();
        this.requestsAtStart = requests.getAsLong();
        this.timer = interval == null ? null : Executors.newSingleThreadScheduledExecutor(new NamedThreads("a2e-progress"));
        if (timer != null) {
            long millis = interval.toMillis();
            timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts showing progress as {@code output} says: {@code auto} is a live line when standard output
     * is a terminal and log lines otherwise.
     */
    public static ProgressReporter start(OutputProperties output, RunCounters counters, IntSupplier inFlight,
                                         LongSupplier requests) {
        OutputProperties.Progress mode = output.progress();
        if (mode == OutputProperties.Progress.AUTO) {
            mode = System.console() != null ? OutputProperties.Progress.TERMINAL : OutputProperties.Progress.LOG;
        }
        return switch (mode) {
            case TERMINAL -> new ProgressReporter(counters, inFlight, requests, System.out, Duration.ofMillis(500));
            case LOG -> new ProgressReporter(counters, inFlight, requests, null, output.progressInterval());
            case OFF, AUTO -> new ProgressReporter(counters, inFlight, requests, null, null);
        };
    }

    /** Adds a downloads segment (files, throughput) to the line. */
    public void showDownloads(Supplier<String> segment) {
        this.downloads = segment;
    }

    /** The current progress in one line. */
    public String line() {
        long total = counters.total.get();
        long done = counters.done();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double finishRate = (done - doneAtStart) / seconds;
        double requestRate = (requests.getAsLong() - requestsAtStart) / seconds;
        long remaining = Math.max(0, total - done);
        String eta = finishRate > 0 ? format(Duration.ofSeconds((long) (remaining / finishRate))) : "--";
        return String.format(Locale.ROOT, "%d/%d done (%d ok, %d failed, %d timed out) | %d in flight | %.1f req/s"
                        + " | %.2f rows/s | ETA %s",
                done, total, counters.completed.get(), counters.failed.get(), counters.timedOut.get(),
                inFlight.getAsInt(), requestRate, finishRate, eta)
                + (downloads == null ? "" : " | " + downloads.get());
    }

    private void report() {
        if (terminal != null) {
            terminal.print("\r\u001b[2K" + line());
            terminal.flush();
        } else {
            log.info(line());
        }
    }

    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal != null) {
            terminal.print("\r\u001b[2K");
            terminal.flush();
        }
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
