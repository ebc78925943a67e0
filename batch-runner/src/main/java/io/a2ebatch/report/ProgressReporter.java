package io.a2ebatch.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.a2ebatch.config.OutputProperties;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how a run is going: on a terminal, one line redrawn in place, never wider than the terminal;
 * elsewhere, a log line at a fixed interval. Rates and the ETA are measured over the last
 * {@link #WINDOW}, not since the start, so they follow the run as it speeds up or slows down.
 */
public final class ProgressReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

    /** Rates are measured over this much of the recent past. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    /** Width used when the terminal's ({@code COLUMNS}) is not known. */
    static final int DEFAULT_WIDTH = 80;

    private record Sample(long nanos, long done, long requests) {
    }

    private final String label;
    private final RunCounters counters;
    private final IntSupplier inFlight;
    private final LongSupplier requests;
    private final LongSupplier nanoTime;
    private final PrintStream terminal;
    private final int width;
    private final ScheduledExecutorService timer;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private volatile Supplier<String> downloads;

    ProgressReporter(RunCounters counters, IntSupplier inFlight, LongSupplier requests, LongSupplier nanoTime,
                     PrintStream terminal, int width, Duration interval) {
        this(Optional.empty(), counters, inFlight, requests, nanoTime, terminal, width, interval);
    }

    private ProgressReporter(Optional<String> label, RunCounters counters, IntSupplier inFlight, LongSupplier requests,
                             LongSupplier nanoTime, PrintStream terminal, int width, Duration interval) {
        this.label = label.map(l -> l + ": ").orElse("");
        this.counters = counters;
        this.inFlight = inFlight;
        this.requests = requests;
        this.nanoTime = nanoTime;
        this.terminal = terminal;
        this.width = width;
        sample();
        this.timer = interval == null ? null : Executors.newSingleThreadScheduledExecutor(new NamedThreads("a2e-progress"));
        if (timer != null) {
            long millis = interval.toMillis();
            timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts showing progress as {@code output} says: {@code auto} is a live line when standard output
     * is a terminal and log lines otherwise; {@code --quiet} shows none. A fleet partition's line starts
     * with its {@code label} (partition 2 of 3): partitions running in one process each show their own.
     */
    public static ProgressReporter start(OutputProperties output, Optional<String> label, RunCounters counters,
                                         IntSupplier inFlight, LongSupplier requests) {
        OutputProperties.Progress mode = output.quiet() ? OutputProperties.Progress.NONE : output.progress();
        if (mode == OutputProperties.Progress.AUTO) {
            mode = System.console() != null ? OutputProperties.Progress.TTY : OutputProperties.Progress.LOG;
        }
        return switch (mode) {
            case TTY -> new ProgressReporter(label, counters, inFlight, requests, System::nanoTime, System.out,
                    terminalWidth(System.getenv()), Duration.ofMillis(500));
            case LOG -> new ProgressReporter(label, counters, inFlight, requests, System::nanoTime, null,
                    Integer.MAX_VALUE, output.progressInterval());
            case NONE, AUTO -> new ProgressReporter(label, counters, inFlight, requests, System::nanoTime, null, 0,
                    null);
        };
    }

    /** Adds a downloads segment (files, throughput) to the line. */
    public void showDownloads(Supplier<String> segment) {
        this.downloads = segment;
    }

    /** The terminal's width from {@code COLUMNS}, else {@value #DEFAULT_WIDTH}. */
    static int terminalWidth(Map<String, String> environment) {
        try {
            int columns = Integer.parseInt(environment.getOrDefault("COLUMNS", "").strip());
            return columns >= 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** Records the counters now, for the rates; drops samples older than {@link #WINDOW}. */
    synchronized void sample() {
        long now = nanoTime.getAsLong();
        samples.addLast(new Sample(now, counters.done(), requests.getAsLong()));
        while (samples.size() > 2 && now - samples.peekFirst().nanos() > WINDOW.toNanos()) {
            samples.removeFirst();
        }
    }

    /**
     * The current progress in one line of at most {@code width - 1} characters (the last column stays
     * free so that no terminal wraps): the least important parts go first when it does not fit.
     */
    public synchronized String line(int width) {
        long total = counters.total.get();
        long done = counters.done();
        Sample oldest = samples.peekFirst();
        Sample newest = samples.peekLast();
        double seconds = Math.max(1e-3, (newest.nanos() - oldest.nanos()) / 1e9);
        boolean measured = newest.nanos() > oldest.nanos();
        double rowRate = (newest.done() - oldest.done()) / seconds;
        double requestRate = (newest.requests() - oldest.requests()) / seconds;
        long remaining = Math.max(0, total - done);
        String eta = remaining == 0 ? "0s" : measured && rowRate > 0
                ? format(Duration.ofSeconds((long) Math.ceil(remaining / rowRate))) : "--";
        long failed = counters.failed.get() + counters.timedOut.get();
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%d/%d done", done, total));
        parts.add("ETA " + eta);
        parts.add(failed + " failed");
        parts.add(inFlight.getAsInt() + " in flight");
        parts.add(String.format(Locale.ROOT, "%.1f req/s", requestRate));
        parts.add(String.format(Locale.ROOT, "%.1f rows/s", rowRate));
        Supplier<String> downloadSegment = downloads;
        if (downloadSegment != null) {
            parts.add(downloadSegment.get());
        }
        // Display order differs from importance: drop from the end of `parts`, show in this order.
        int[] order = {0, 2, 3, 4, 5, 6, 1};
        int limit = Math.max(1, width - 1);
        for (int keep = parts.size(); keep >= 1; keep--) {
            StringBuilder sb = new StringBuilder();
            for (int index : order) {
                if (index < keep) {
                    sb.append(sb.isEmpty() ? "" : " | ").append(parts.get(index));
                }
            }
            if (sb.length() <= limit) {
                return sb.toString();
            }
        }
        return parts.get(0).substring(0, Math.min(parts.get(0).length(), limit));
    }

    private void report() {
        sample();
        if (terminal != null) {
            terminal.print("\r\u001b[2K" + label + line(width - label.length()));
            terminal.flush();
        } else {
            log.info(label + line(Integer.MAX_VALUE));
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
