package io.a2ebatch.manifest;

/** What became of one manifest row: a request ready to send, or the reasons it cannot be sent. */
public sealed interface RowOutcome permits ValidRow, InvalidRow {

    /** Physical line where the row starts. */
    long line();

    /** The row's key as written (empty when the cell was). */
    String key();
}
