package io.a2ebatch.benchmarks.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.a2ebatch.run.NamedThreads;

/**
 * The largest size a file reaches while it is watched, read every {@value #SAMPLE_MILLIS} ms (a file
 * that does not exist yet counts as empty). Used for the job repository, whose size on disk is part of a
 * run's footprint as much as its heap is.
 */
final class FileSizeWatch implements AutoCloseable {

    static final long SAMPLE_MILLIS = 250;

    private final Path file;
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler;

    private FileSizeWatch(Path file) {
        this.file = file;
        this.sampler = Executors.newSingleThreadScheduledExecutor(new NamedThreads("file-size-watch"));
    }

    static FileSizeWatch start(Path file) {
        FileSizeWatch watch = new FileSizeWatch(file);
        watch.sampler.scheduleAtFixedRate(watch::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void sample() {
        try {
            long size = Files.size(file);
            peak.accumulateAndGet(size, Math::max);
        } catch (IOException e) {
            // Not created yet, or being replaced: nothing to count at this instant.
        }
    }

    /** The peak so far, the current size included. */
    long peakBytes() {
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
