package io.a2ebatch.manifest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a manifest, located as precisely as it can be.
 *
 * @param file   the manifest
 * @param line   physical line (1-based; the header is line 1) where the offending record starts, or 0
 *               for the file as a whole
 * @param column 1-based column of the offending cell, or 0 for the whole row (or file)
 * @param field  the header of that column ({@code video_time}), or empty when no column is concerned
 * @param reason what is wrong and, where it helps, what would be accepted
 */
public record ManifestProblem(Path file, long line, int column, String field, String reason) {

    public ManifestProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        field = field == null ? "" : field;
    }

    /**
     * One line for people and editors: {@code orders.csv:12:4 video_time: expected an integer, got "abc"};
     * the location shrinks to {@code orders.csv:12} or {@code orders.csv} when column or line is 0. The
     * file is named without its directory, so the output does not depend on where the command ran from.
     * Control characters of cell values are escaped, so a problem never spans two lines.
     */
    public String format() {
        StringBuilder sb = new StringBuilder(64 + reason.length());
        Path name = file.getFileName();
        sb.append(name == null ? file.toString() : name.toString());
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        if (!field.isEmpty()) {
            sb.append(' ');
            appendEscaped(sb, field);
        }
        sb.append(": ");
        appendEscaped(sb, reason);
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
