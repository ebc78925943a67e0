package io.a2ebatch.manifest;

import java.util.List;

/**
 * One data record of a manifest, cells as written.
 *
 * @param line   physical line (1-based; the header is line 1) where the record starts; a quoted cell may
 *               continue it over further lines
 * @param number 1-based number of the data record (blank rows are not counted)
 * @param values the raw cells, unmodifiable; may be fewer or more than the header has columns
 */
public record ManifestRecord(long line, long number, List<String> values) {
}
