package io.a2ebatch.manifest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts more items than memory should hold: items are buffered up to a run size, each full buffer is
 * sorted and written to a temporary file, and the files are merged (at most {@value #FAN_IN} at a
 * time). Memory stays within one run plus one read buffer per merged file. Fewer items than a run
 * never touch the disk. Single use: add everything, then {@link #forEachSorted} once.
 */
final class ExternalSorter<T> implements AutoCloseable {

    static final int FAN_IN = 64;
    private static final int BUFFER_BYTES = 1 << 15;

    /** Writes and reads one item of a run file. */
    interface Codec<T> {
        void write(DataOutputStream out, T item) throws IOException;

        T read(DataInputStream in) throws IOException;
    }

    /** Receives sorted items. */
    interface Sink<T> {
        void accept(T item) throws IOException;
    }

    private record Run(Path file, long count) {
    }

    private final Comparator<T> order;
    private final Codec<T> codec;
    private final int runSize;
    private final Path tempRoot;
    private final List<T> buffer = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private Path directory;
    private int files;

    /**
     * @param runSize  items held in memory before a run is written
     * @param tempRoot where the run directory is created; {@code null} for the system's temporary directory
     */
    ExternalSorter(Comparator<T> order, Codec<T> codec, int runSize, Path tempRoot) {
        if (runSize < 2) {
            throw new IllegalArgumentException("run size must be at least 2, got " + runSize);
        }
        this.order = order;
        this.codec = codec;
        this.runSize = runSize;
        this.tempRoot = tempRoot;
    }

    void add(T item) throws IOException {
        buffer.add(item);
        if (buffer.size() >= runSize) {
            spill();
        }
    }

    /** Whether any run went to disk (for tests of the spilling path). */
    boolean spilled() {
        return !runs.isEmpty();
    }

    void forEachSorted(Sink<T> sink) throws IOException {
        if (runs.isEmpty()) {
            buffer.sort(order);
            for (T item : buffer) {
                sink.accept(item);
            }
            buffer.clear();
            return;
        }
        spill();
        while (runs.size() > FAN_IN) {
            List<Run> batch = new ArrayList<>(runs.subList(0, FAN_IN));
            runs.subList(0, FAN_IN).clear();
            Path merged = newFile();
            long count;
            try (DataOutputStream out = output(merged)) {
                count = merge(batch, item -> codec.write(out, item));
            }
            runs.add(new Run(merged, count));
        }
        merge(new ArrayList<>(runs), sink);
        runs.clear();
    }

    private void spill() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        buffer.sort(order);
        Path file = newFile();
        try (DataOutputStream out = output(file)) {
            for (T item : buffer) {
                codec.write(out, item);
            }
        }
        runs.add(new Run(file, buffer.size()));
        buffer.clear();
    }

    private long merge(List<Run> batch, Sink<T> sink) throws IOException {
        final class Cursor {
            final DataInputStream in;
            long left;
            T head;

            Cursor(Run run) throws IOException {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run.file()), BUFFER_BYTES));
                left = run.count();
            }

            boolean advance() throws IOException {
                if (left == 0) {
                    in.close();
                    return false;
                }
                left--;
                head = codec.read(in);
                return true;
            }
        }
        PriorityQueue<Cursor> queue = new PriorityQueue<>(batch.size(), (a, b) -> order.compare(a.head, b.head));
        List<Cursor> open = new ArrayList<>();
        long count = 0;
        try {
            for (Run run : batch) {
                Cursor cursor = new Cursor(run);
                open.add(cursor);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
            while (!queue.isEmpty()) {
                Cursor cursor = queue.poll();
                sink.accept(cursor.head);
                count++;
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
        } finally {
            for (Cursor cursor : open) {
                cursor.in.close();
            }
            for (Run run : batch) {
                Files.deleteIfExists(run.file());
            }
        }
        return count;
    }

    private Path newFile() throws IOException {
        if (directory == null) {
            directory = tempRoot == null ? Files.createTempDirectory("a2e-sort-")
                    : Files.createTempDirectory(tempRoot, "a2e-sort-");
        }
        return directory.resolve("run-" + (files++) + ".bin");
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
    }

    /** Deletes every temporary file. */
    @Override
    public void close() throws IOException {
        buffer.clear();
        for (Run run : runs) {
            Files.deleteIfExists(run.file());
        }
        runs.clear();
        if (directory != null) {
            try (var leftovers = Files.list(directory)) {
                for (Path file : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
            directory = null;
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
