package io.a2ebatch.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.schema.AnySchema;
import io.a2ebatch.spec.schema.ArraySchema;
import io.a2ebatch.spec.schema.BooleanSchema;
import io.a2ebatch.spec.schema.NumberSchema;
import io.a2ebatch.spec.schema.ObjectSchema;
import io.a2ebatch.spec.schema.Schema;
import io.a2ebatch.spec.schema.StringSchema;
import io.a2ebatch.spec.schema.Violation;
import io.a2ebatch.spec.text.Suggestions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns manifest records into A2E start requests: finds the row's task family from its {@code type}
 * cell, converts every non-empty cell to the type the family's request schema declares, checks each
 * value and the required fields against that schema, and reports every problem of the row with its
 * column. Never throws for bad data.
 * <p>
 * Built once per header: for every family it precomputes what each column is (a field and its schema,
 * a note, or a column the family does not have), so converting a row costs one pass over its cells.
 * Immutable and thread-safe.
 */
public final class RowConverter {

    /** Longest key accepted, in characters: it becomes part of the task's name at A2E. */
    public static final int MAX_KEY_LENGTH = 128;
    /** Longest request body a row may make: the ledger's {@code REQUEST} column holds this many characters. */
    public static final int MAX_REQUEST_CHARS = 1_000_000;

    /** The request field that defaults to the row's key. */
    static final String NAME_FIELD = "name";

    private final Path file;
    private final ManifestHeader header;
    private final FamilyCatalog catalog;
    private final Map<String, FamilyPlan> byTypeCell = new HashMap<>();
    private final Map<String, FamilyPlan> byFamily = new HashMap<>();
    private final List<String> typeNames = new ArrayList<>();

    /**
     * @param file    the manifest, for problem locations
     * @param header  the header as {@link ManifestReader#header()} returns it
     * @param catalog the task families
     * @throws IllegalArgumentException if the header lacks {@code key} or {@code type} or repeats a name
     */
    public RowConverter(Path file, List<String> header, FamilyCatalog catalog) {
        this.file = file;
        this.header = ManifestHeader.of(file, header);
        this.catalog = catalog;
        Set<String> fieldsOfAnyFamily = new HashSet<>();
        for (TaskFamily family : catalog.families()) {
            fieldsOfAnyFamily.addAll(family.requestSchema().properties().keySet());
        }
        for (TaskFamily family : catalog.families()) {
            FamilyPlan plan = new FamilyPlan(family, this.header, fieldsOfAnyFamily);
            byFamily.put(family.qualifiedName(), plan);
            typeNames.add(family.name());
            // A name two providers share is only found qualified (FamilyCatalog.find).
            for (String name : concat(family.name(), family.aliases())) {
                if (catalog.find(name).filter(family::equals).isPresent()) {
                    byTypeCell.put(name, plan);
                }
            }
        }
    }

    /** 0-based index of the {@code key} column in the header. */
    public int keyColumn() {
        return header.keyColumn();
    }

    /**
     * The problem of a row whose key an earlier row already used, at this manifest's key cell; the
     * same wording for {@code validate} and {@code run}.
     */
    public ManifestProblem duplicateKey(long line, String key, long firstLine) {
        int column = header.keyColumn();
        return new ManifestProblem(file, line, column + 1, header.name(column),
                "duplicate key " + CellParser.show(key) + "; first used on line " + firstLine);
    }

    /** Converts one record; problems are returned in an {@link InvalidRow}, never thrown. */
    public RowOutcome convert(ManifestRecord record) {
        List<String> values = record.values();
        long line = record.line();
        int keyColumn = header.keyColumn();
        String key = keyColumn < values.size() ? values.get(keyColumn) : "";
        if (values.size() != header.size()) {
            return new InvalidRow(line, key, List.of(new ManifestProblem(file, line, 0, "", "has " + values.size()
                    + " cells, but the header has " + header.size() + " columns: a comma is missing or extra"
                    + " (put a cell that contains commas in double quotes)")), values);
        }
        List<ManifestProblem> problems = null;
        String keyProblem = keyProblem(key);
        if (keyProblem != null) {
            problems = add(problems, line, keyColumn, keyProblem);
        }
        int typeColumn = header.typeColumn();
        String type = values.get(typeColumn);
        FamilyPlan plan = plan(type);
        if (plan == null) {
            problems = add(problems, line, typeColumn, typeProblem(type));
            return new InvalidRow(line, key, problems, values);
        }

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (plan.defaultsName && keyProblem == null
                && (plan.nameColumn < 0 || values.get(plan.nameColumn).isEmpty())) {
            body.put(NAME_FIELD, key);
        }
        List<Violation> violations = null;
        for (Column column : plan.columns) {
            String cell = values.get(column.index);
            if (cell.isEmpty()) {
                continue;
            }
            int nul = cell.indexOf('\u0000');
            if (nul >= 0) {
                // Never part of real text: a binary file or a broken export; JSON would carry it escaped.
                problems = add(problems, line, column.index, "contains a NUL character (U+0000) at position "
                        + (nul + 1) + "; remove it");
                continue;
            }
            StringBuilder why = null;
            JsonNode value;
            switch (column.kind) {
                case TEXT -> value = StringNode.valueOf(cell);
                case INTEGER -> value = CellParser.integer(cell);
                case NUMBER -> value = CellParser.number(cell);
                case BOOLEAN -> value = CellParser.bool(cell);
                case ARRAY -> {
                    why = new StringBuilder();
                    value = CellParser.array(cell, (ArraySchema) column.schema, why);
                }
                case OBJECT -> {
                    why = new StringBuilder();
                    value = CellParser.object(cell, why);
                }
                default -> {
                    problems = add(problems, line, column.index, column.notAField);
                    continue;
                }
            }
            if (value == null) {
                String reason = why != null && !why.isEmpty() ? why.toString()
                        : "expected " + CellParser.article(column.schema) + ", got " + CellParser.show(cell);
                problems = add(problems, line, column.index, reason);
                continue;
            }
            if (column.checked) {
                if (violations == null) {
                    violations = new ArrayList<>(2);
                }
                column.schema.validate(value, column.field, violations);
                for (Violation v : violations) {
                    String reason = v.field().equals(column.field) ? v.message() : v.field() + " " + v.message();
                    problems = add(problems, line, column.index, reason);
                }
                violations.clear();
            }
            body.set(column.field, value);
        }
        for (Required required : plan.required) {
            if (required.column < 0) {
                problems = add(problems, new ManifestProblem(file, line, 0, required.field, "is required for "
                        + plan.family.name() + ", and the manifest has no " + required.field + " column"));
            } else if (values.get(required.column).isEmpty()) {
                problems = add(problems, line, required.column, "is required for " + plan.family.name());
            }
        }
        // JSON escaping makes a character at most 6, so short rows (nearly all) are never serialized here.
        if (problems == null && values.stream().mapToLong(String::length).sum() > MAX_REQUEST_CHARS / 6) {
            int size = body.toString().length();
            if (size > MAX_REQUEST_CHARS) {
                problems = add(problems, new ManifestProblem(file, line, 0, "", "makes a request of " + size
                        + " characters; at most " + MAX_REQUEST_CHARS + " are allowed (is a cell pasted in by mistake?)"));
            }
        }
        if (problems != null) {
            problems.sort(Comparator.comparingInt(ManifestProblem::column));
            return new InvalidRow(line, key, problems, values);
        }
        return new ValidRow(line, key, plan.family, body, values);
    }

    private FamilyPlan plan(String type) {
        FamilyPlan plan = byTypeCell.get(type);
        if (plan != null || type.isEmpty()) {
            return plan;
        }
        Optional<TaskFamily> family = catalog.find(type);
        return family.map(f -> byFamily.get(f.qualifiedName())).orElse(null);
    }

    private static List<String> concat(String name, List<String> aliases) {
        List<String> all = new ArrayList<>(aliases.size() + 1);
        all.add(name);
        all.addAll(aliases);
        return all;
    }

    private String typeProblem(String type) {
        if (type.isBlank()) {
            return "is empty; name the task family, e.g. userImage2Video, headSwap or aleph";
        }
        List<TaskFamily> shared = catalog.ambiguous(type);
        if (!shared.isEmpty()) {
            return "names a task family of more than one provider; write "
                    + String.join(" or ", shared.stream().map(TaskFamily::qualifiedName).toList());
        }
        List<String> candidates = new ArrayList<>();
        Map<String, String> familyOf = new HashMap<>();
        for (TaskFamily family : catalog.families()) {
            candidates.add(family.name());
            familyOf.put(family.name(), family.name());
            for (String alias : family.aliases()) {
                candidates.add(alias);
                familyOf.put(alias, family.name());
            }
        }
        Set<String> close = new LinkedHashSet<>();
        for (String match : Suggestions.closest(type, candidates, 6)) {
            close.add(familyOf.get(match));
        }
        String unknown = "unknown task family " + CellParser.show(type);
        if (close.isEmpty()) {
            return unknown + "; the families are " + String.join(", ", typeNames);
        }
        return unknown + Suggestions.didYouMean(List.copyOf(close).subList(0, Math.min(3, close.size())));
    }

    /**
     * Whether a key is usable: not empty, at most {@value #MAX_KEY_LENGTH} characters, no control
     * characters, no surrounding spaces.
     */
    public static boolean acceptsKey(String key) {
        return keyProblem(key) == null;
    }

    /** Why a key cannot be used, or {@code null} when it can. */
    private static String keyProblem(String key) {
        int length = key.length();
        if (length == 0) {
            return "is empty; every row needs a unique key";
        }
        if (length > MAX_KEY_LENGTH) {
            int characters = key.codePointCount(0, length);
            if (characters > MAX_KEY_LENGTH) {
                return "is " + characters + " characters long; at most " + MAX_KEY_LENGTH + " are allowed";
            }
        }
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return "contains the control character U+" + String.format("%04X", (int) c) + " at position "
                        + (i + 1) + "; keys must be printable";
            }
        }
        if (isSpace(key.charAt(0)) || isSpace(key.charAt(length - 1))) {
            return "starts or ends with a space; remove it, or keys that look alike would differ";
        }
        return null;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private List<ManifestProblem> add(List<ManifestProblem> problems, long line, int columnIndex, String reason) {
        return add(problems, new ManifestProblem(file, line, columnIndex + 1, header.name(columnIndex), reason));
    }

    private static List<ManifestProblem> add(List<ManifestProblem> problems, ManifestProblem problem) {
        List<ManifestProblem> list = problems == null ? new ArrayList<>(4) : problems;
        list.add(problem);
        return list;
    }

    /** How a column is converted for one family. */
    private enum Kind {
        TEXT, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT, NOT_A_FIELD
    }

    /**
     * One data column as one family sees it.
     *
     * @param checked whether the converted value can still break its schema (enum, range, format,
     *                array items ...); a value the conversion alone proves valid is not checked again
     */
    private record Column(int index, String field, Kind kind, Schema schema, boolean checked, String notAField) {
    }

    /** A required field and its column, or -1 when the header has none. */
    private record Required(String field, int column) {
    }

    /** Everything about converting a row of one family, computed once per header. */
    private static final class FamilyPlan {

        final TaskFamily family;
        final Column[] columns;
        final Required[] required;
        final boolean defaultsName;
        final int nameColumn;

        FamilyPlan(TaskFamily family, ManifestHeader header, Set<String> fieldsOfAnyFamily) {
            this.family = family;
            ObjectSchema request = family.requestSchema();
            boolean undescribed = request.properties().isEmpty();
            List<Column> columns = new ArrayList<>();
            Map<String, Integer> columnOf = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                if (i == header.keyColumn() || i == header.typeColumn() || header.isNote(i)) {
                    continue;
                }
                String field = header.name(i);
                columnOf.put(field, i);
                Schema schema = request.properties().get(field);
                if (undescribed) {
                    columns.add(new Column(i, field, Kind.TEXT, new AnySchema(), false, null));
                } else if (schema == null) {
                    columns.add(new Column(i, field, Kind.NOT_A_FIELD, null, false,
                            notAField(field, family, fieldsOfAnyFamily.contains(field))));
                } else {
                    columns.add(column(i, field, schema));
                }
            }
            this.columns = columns.toArray(Column[]::new);
            this.defaultsName = family.acceptsName();
            this.nameColumn = columnOf.getOrDefault(NAME_FIELD, -1);
            List<Required> required = new ArrayList<>();
            for (String field : request.required()) {
                if (!(defaultsName && field.equals(NAME_FIELD))) {
                    required.add(new Required(field, columnOf.getOrDefault(field, -1)));
                }
            }
            this.required = required.toArray(Required[]::new);
        }

        private static Column column(int index, String field, Schema schema) {
            if (schema instanceof StringSchema s) {
                boolean checked = !s.enumValues().isEmpty() || s.minLength() != null || s.maxLength() != null
                        || s.pattern() != null || s.format() != null;
                return new Column(index, field, Kind.TEXT, schema, checked, null);
            }
            if (schema instanceof NumberSchema n) {
                return new Column(index, field, n.integer() ? Kind.INTEGER : Kind.NUMBER, schema,
                        n.minimum() != null || n.maximum() != null, null);
            }
            if (schema instanceof BooleanSchema) {
                return new Column(index, field, Kind.BOOLEAN, schema, false, null);
            }
            if (schema instanceof ArraySchema) {
                return new Column(index, field, Kind.ARRAY, schema, true, null);
            }
            if (schema instanceof ObjectSchema) {
                return new Column(index, field, Kind.OBJECT, schema, true, null);
            }
            return new Column(index, field, Kind.TEXT, schema, false, null);
        }

        private static String notAField(String column, TaskFamily family, boolean otherFamiliesUseIt) {
            String notAField = "is not a field of " + family.name();
            if (otherFamiliesUseIt) {
                return notAField + " (other families use it); leave it empty in " + family.name() + " rows";
            }
            Set<String> fields = family.requestSchema().properties().keySet();
            String hint = Suggestions.didYouMean(column, fields);
            return notAField + (hint.isEmpty() ? " (its fields: " + String.join(", ", fields) + ")" : hint);
        }
    }
}
