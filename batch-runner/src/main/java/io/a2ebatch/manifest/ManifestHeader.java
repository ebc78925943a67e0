package io.a2ebatch.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checked header of a manifest: where {@code key} and {@code type} are, which columns are notes.
 * {@code key} and {@code type} are found ignoring case; request fields are matched exactly, as the API
 * spells them.
 */
final class ManifestHeader {

    static final String KEY = "key";
    static final String TYPE = "type";
    static final String NOTE_PREFIX = "#";

    private final List<String> names;
    private final int keyColumn;
    private final int typeColumn;

    private ManifestHeader(List<String> names, int keyColumn, int typeColumn) {
        this.names = names;
        this.keyColumn = keyColumn;
        this.typeColumn = typeColumn;
    }

    /** Checks raw header cells (already trimmed) and returns the header or every problem with it. */
    static ManifestHeader check(Path file, List<String> names, List<ManifestProblem> problems) {
        int before = problems.size();
        int key = -1;
        int type = -1;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int column = i + 1;
            if (name.isEmpty()) {
                problems.add(new ManifestProblem(file, 1, column, "", "column " + column
                        + " has no name; name it after a request field, or start it with # to keep it as a note"));
                continue;
            }
            if (isNote(name)) {
                continue;
            }
            String identity = reservedName(name);
            if (identity.equals(KEY)) {
                key = key < 0 ? i : key;
            } else if (identity.equals(TYPE)) {
                type = type < 0 ? i : type;
            }
            Integer first = seen.putIfAbsent(identity, column);
            if (first != null) {
                problems.add(new ManifestProblem(file, 1, column, name,
                        "appears twice in the header (columns " + first + " and " + column + ")"));
            }
        }
        if (key < 0) {
            problems.add(new ManifestProblem(file, 1, 0, KEY, missingColumn(KEY, names)));
        }
        if (type < 0) {
            problems.add(new ManifestProblem(file, 1, 0, TYPE, missingColumn(TYPE, names)));
        }
        return problems.size() > before ? null : new ManifestHeader(List.copyOf(names), key, type);
    }

    /** The header of a list of names already known to be good (as {@link ManifestReader#header()} gives). */
    static ManifestHeader of(Path file, List<String> names) {
        List<ManifestProblem> problems = new ArrayList<>();
        ManifestHeader header = check(file, names, problems);
        if (header == null) {
            throw new IllegalArgumentException("not a usable manifest header: " + problems.get(0).format());
        }
        return header;
    }

    static boolean isNote(String name) {
        return name.startsWith(NOTE_PREFIX);
    }

    private static String reservedName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(KEY) || lower.equals(TYPE) ? lower : name;
    }

    private static String missingColumn(String column, List<String> names) {
        String found = names.size() > 12
                ? String.join(", ", names.subList(0, 12)) + ", ..."
                : String.join(", ", names);
        return "the header (line 1) has no " + column + " column; the first line must name the columns, e.g. "
                + "key,type,prompt (found: " + found + ")";
    }

    int size() {
        return names.size();
    }

    String name(int column) {
        return names.get(column);
    }

    int keyColumn() {
        return keyColumn;
    }

    int typeColumn() {
        return typeColumn;
    }

    boolean isNote(int column) {
        return isNote(names.get(column));
    }
}
