package io.a2ebatch.run;

/**
 * The rows of a run that one partition of a fleet works on: those whose manifest line is
 * {@code index} modulo {@code count}. Every row of the run is in exactly one slice of a given count,
 * so {@code count} partitions cover the run without overlap. The line, not a hash of the key, decides:
 * {@code MOD(LINE, n)} is the same SQL on H2 and PostgreSQL, spreads rows evenly, and a row's line
 * changes only at ingest, which ends before the partitions start.
 *
 * @param index the partition, 0 to {@code count - 1}
 * @param count the number of partitions
 */
public record KeySlice(int index, int count) {

    public KeySlice {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("partition " + index + " of " + count + " does not exist");
        }
    }

    /** As the user reads it: partition 1 of 3 (counted from 1). */
    public String label() {
        return "partition " + (index + 1) + " of " + count;
    }
}
