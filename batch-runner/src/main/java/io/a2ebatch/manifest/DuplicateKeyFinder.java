package io.a2ebatch.manifest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Finds repeated keys in a manifest of any length with bounded memory: keys are sorted externally (runs
 * of {@code runSize} keys spilled to temporary files and merged), every occurrence after the first is
 * reported with its own line and the line where the key was first used, in line order.
 * <p>
 * Usage: {@link #add} every key, then {@link #forEachDuplicate} once, then {@link #close} (which deletes
 * the temporary files). Not thread-safe.
 */
public final class DuplicateKeyFinder implements AutoCloseable {

    /** Keys held in memory before a run is spilled: a few MB for keys of typical length. */
    public static final int DEFAULT_RUN_SIZE = 100_000;

    /**
     * A key used again.
     *
     * @param key       the key
     * @param line      line of this later occurrence
     * @param firstLine line of the first occurrence
     * @param tag       what the caller passed with this occurrence
     */
    public record Duplicate(String key, long line, long firstLine, int tag) {
    }

    private record Entry(String key, long line, int tag) {
    }

    private static final ExternalSorter.Codec<Entry> ENTRY_CODEC = new ExternalSorter.Codec<>() {
        @Override
        public void write(DataOutputStream out, Entry e) throws IOException {
            ExternalSorter.writeString(out, e.key());
            out.writeLong(e.line());
            out.writeInt(e.tag());
        }

        @Override
        public Entry read(DataInputStream in) throws IOException {
            return new Entry(ExternalSorter.readString(in), in.readLong(), in.readInt());
        }
    };

    private static final ExternalSorter.Codec<Duplicate> DUPLICATE_CODEC = new ExternalSorter.Codec<>() {
        @Override
        public void write(DataOutputStream out, Duplicate d) throws IOException {
            ExternalSorter.writeString(out, d.key());
            out.writeLong(d.line());
            out.writeLong(d.firstLine());
            out.writeInt(d.tag());
        }

        @Override
        public Duplicate read(DataInputStream in) throws IOException {
            return new Duplicate(ExternalSorter.readString(in), in.readLong(), in.readLong(), in.readInt());
        }
    };

    private final ExternalSorter<Entry> byKey;
    private final ExternalSorter<Duplicate> byLine;
    private boolean finished;

    /** A finder with {@link #DEFAULT_RUN_SIZE} and the system's temporary directory. */
    public DuplicateKeyFinder() {
        this(DEFAULT_RUN_SIZE, null);
    }

    /**
     * @param runSize keys held in memory before a sorted run is written to disk
     * @param tempDir where temporary files go; {@code null} for the system's temporary directory
     */
    public DuplicateKeyFinder(int runSize, Path tempDir) {
        byKey = new ExternalSorter<>(Comparator.comparing(Entry::key).thenComparingLong(Entry::line),
                ENTRY_CODEC, runSize, tempDir);
        byLine = new ExternalSorter<>(Comparator.comparingLong(Duplicate::line), DUPLICATE_CODEC, runSize, tempDir);
    }

    /**
     * Records one occurrence of a key.
     *
     * @param tag any value the caller wants back with a duplicate (validate passes the row's outcome)
     */
    public void add(String key, long line, int tag) throws IOException {
        if (finished) {
            throw new IllegalStateException("duplicates were already listed; add every key first");
        }
        byKey.add(new Entry(key, line, tag));
    }

    /** Hands every later occurrence of a repeated key to {@code action}, in line order. Call once. */
    public void forEachDuplicate(Consumer<Duplicate> action) throws IOException {
        if (finished) {
            throw new IllegalStateException("duplicates can be listed only once");
        }
        finished = true;
        byKey.forEachSorted(new ExternalSorter.Sink<>() {
            private String key;
            private long firstLine;

            @Override
            public void accept(Entry entry) throws IOException {
                if (entry.key().equals(key)) {
                    byLine.add(new Duplicate(key, entry.line(), firstLine, entry.tag()));
                } else {
                    key = entry.key();
                    firstLine = entry.line();
                }
            }
        });
        byLine.forEachSorted(action::accept);
    }

    /** Whether keys went to temporary files (for tests of the spilling path). */
    boolean spilled() {
        return byKey.spilled();
    }

    /** Deletes the temporary files. */
    @Override
    public void close() throws IOException {
        try {
            byKey.close();
        } finally {
            byLine.close();
        }
    }
}
