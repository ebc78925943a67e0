package io.a2ebatch.manifest;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.schema.ArraySchema;
import io.a2ebatch.spec.schema.BooleanSchema;
import io.a2ebatch.spec.schema.NumberSchema;
import io.a2ebatch.spec.schema.ObjectSchema;
import io.a2ebatch.spec.schema.Schema;
import io.a2ebatch.spec.schema.StringSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes large, valid, mixed-family manifests for benchmarks and memory tests: the same families, seed
 * and row count always give the same bytes. Values come from each family's request schema, never from
 * per-family code: every required field and about half of the optional ones are filled; enums pick a
 * value, numbers stay within their bounds, arrays within their item counts, URL-like fields get
 * {@code https://example.com/...} URLs and prompt-like fields get sentences (some with commas, quotes,
 * non-ASCII text or a line break, so the CSV quoting paths are exercised). {@code name} is left empty
 * (it defaults to the key). Streams: memory does not depend on the row count.
 */
public final class ManifestGenerator {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1;

    private static final String[] WORDS = {
        "a", "calm", "lake", "at", "dawn", "portrait", "of", "an", "old", "sailor", "smiling", "slowly",
        "cinematic", "lighting", "city", "street", "in", "the", "rain", "golden", "hour", "soft", "focus",
        "dancer", "turning", "wind", "through", "trees", "neon", "signs", "reflecting", "puddles", "close-up",
        "camera", "pans", "left", "mountain", "village", "snow", "falling", "warm", "colors", "café",
        "東京", "夜景", "Zürich", "ñandú", "🌅", "product", "on", "marble", "table", "studio", "light",
    };

    private final List<TaskFamily> families;
    private final long seed;
    private final List<String> header;
    private final List<List<Field>> fieldsByFamily = new ArrayList<>();

    /** A field the generator fills, and its column. */
    private record Field(int column, String name, Schema schema, boolean required) {
    }

    /**
     * @param families the families to mix, each about equally often
     * @param seed     same seed, same manifest
     * @throws IllegalArgumentException if {@code families} is empty
     */
    public ManifestGenerator(List<TaskFamily> families, long seed) {
        if (families.isEmpty()) {
            throw new IllegalArgumentException("name at least one task family to generate rows for");
        }
        this.families = List.copyOf(families);
        this.seed = seed;
        Map<String, Integer> columns = new LinkedHashMap<>();
        columns.put(ManifestHeader.KEY, 0);
        columns.put(ManifestHeader.TYPE, 1);
        for (TaskFamily family : this.families) {
            List<Field> fields = new ArrayList<>();
            ObjectSchema request = family.requestSchema();
            for (var property : request.properties().entrySet()) {
                String name = property.getKey();
                boolean required = request.required().contains(name);
                boolean defaulted = name.equals(RowConverter.NAME_FIELD);
                if (defaulted || !canGenerate(name, property.getValue())) {
                    if (required && !defaulted) {
                        throw new IllegalArgumentException("cannot generate the required field " + name
                                + " of " + family.name() + " from its schema " + property.getValue());
                    }
                    continue;
                }
                int column = columns.computeIfAbsent(name, k -> columns.size());
                fields.add(new Field(column, name, property.getValue(), required));
            }
            fieldsByFamily.add(fields);
        }
        this.header = List.copyOf(columns.keySet());
    }

    /** The columns every generated manifest has: {@code key}, {@code type}, then the fields in spec order. */
    public List<String> header() {
        return header;
    }

    /** Writes the header and {@code rows} rows, LF-terminated, to {@code out}. */
    public void write(long rows, Appendable out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int width = Math.max(6, Long.toString(rows).length());
        String[] cells = new String[header.size()];
        // Rows are built in a buffer and handed over whole: one write per row, not one per cell.
        StringBuilder line = new StringBuilder(1024);
        appendRow(line, header.toArray(String[]::new));
        out.append(line);
        StringBuilder key = new StringBuilder();
        for (long row = 1; row <= rows; row++) {
            int f = random.nextInt(families.size());
            Arrays.fill(cells, "");
            key.setLength(0);
            key.append("row-");
            String number = Long.toString(row);
            for (int i = number.length(); i < width; i++) {
                key.append('0');
            }
            cells[0] = key.append(number).toString();
            cells[1] = families.get(f).name();
            for (Field field : fieldsByFamily.get(f)) {
                if (field.required() || random.nextInt(2) == 0) {
                    cells[field.column()] = cell(field.name(), field.schema(), random);
                }
            }
            line.setLength(0);
            appendRow(line, cells);
            out.append(line);
        }
    }

    /** RFC 4180: a cell with a comma, quote, line break or surrounding space is quoted, its quotes doubled. */
    private static void appendRow(StringBuilder line, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells[i];
            boolean quote = !cell.isEmpty() && (cell.charAt(0) == ' ' || cell.charAt(cell.length() - 1) == ' ');
            for (int c = 0; c < cell.length() && !quote; c++) {
                char ch = cell.charAt(c);
                quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
            }
            if (quote) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        line.append('\n');
    }

    private static boolean canGenerate(String name, Schema schema) {
        if (schema instanceof StringSchema s) {
            boolean constrained = s.minLength() != null || s.maxLength() != null
                    || (s.pattern() != null && !isUrlLike(name, s));
            return !s.enumValues().isEmpty() || !constrained;
        }
        if (schema instanceof ArraySchema a) {
            return canGenerate(name, a.items());
        }
        if (schema instanceof ObjectSchema o) {
            return o.properties().entrySet().stream().allMatch(p -> canGenerate(p.getKey(), p.getValue()));
        }
        return schema instanceof NumberSchema || schema instanceof BooleanSchema;
    }

    private static String cell(String name, Schema schema, SplittableRandom random) {
        if (schema instanceof ArraySchema array) {
            ArrayNode node = (ArrayNode) value(name, array, random);
            if (!CellParser.isScalar(array.items()) || random.nextInt(4) == 0) {
                return SpecJson.MAPPER.writeValueAsString(node);
            }
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : node) {
                if (!sb.isEmpty()) {
                    sb.append(CellParser.LIST_SEPARATOR);
                }
                sb.append(item.isString() ? item.stringValue() : item.toString());
            }
            return sb.toString();
        }
        if (schema instanceof ObjectSchema) {
            return SpecJson.MAPPER.writeValueAsString(value(name, schema, random));
        }
        JsonNode value = value(name, schema, random);
        return value.isString() ? value.stringValue() : value.toString();
    }

    private static JsonNode value(String name, Schema schema, SplittableRandom random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema instanceof StringSchema s) {
            if (!s.enumValues().isEmpty()) {
                return nodes.stringNode(s.enumValues().get(random.nextInt(s.enumValues().size())));
            }
            if (isUrlLike(name, s)) {
                return nodes.stringNode(url(name, random));
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("prompt") || lower.contains("caption") || lower.contains("description")) {
                return nodes.stringNode(sentence(random));
            }
            return nodes.stringNode(WORDS[random.nextInt(WORDS.length)]);
        }
        if (schema instanceof NumberSchema n) {
            return number(n, random);
        }
        if (schema instanceof BooleanSchema) {
            return nodes.booleanNode(random.nextBoolean());
        }
        if (schema instanceof ArraySchema a) {
            int min = a.minItems() == null ? 1 : a.minItems();
            int max = a.maxItems() == null ? Math.max(min, 3) : a.maxItems();
            int count = min + random.nextInt(max - min + 1);
            ArrayNode array = nodes.arrayNode();
            for (int i = 0; i < count; i++) {
                array.add(value(name, a.items(), random));
            }
            return array;
        }
        ObjectNode object = nodes.objectNode();
        for (var property : ((ObjectSchema) schema).properties().entrySet()) {
            object.set(property.getKey(), value(property.getKey(), property.getValue(), random));
        }
        return object;
    }

    private static JsonNode number(NumberSchema n, SplittableRandom random) {
        long low = n.minimum() == null ? (n.maximum() == null ? 1 : n.maximum().longValue() - 100) : ceil(n.minimum());
        long high = n.maximum() == null ? low + 999 : floor(n.maximum());
        long whole = low + random.nextLong(high - low + 1);
        if (!n.integer() && n.minimum() == null && n.maximum() == null && random.nextInt(4) == 0) {
            return JsonNodeFactory.instance.numberNode(BigDecimal.valueOf(whole * 10 + 5, 1));
        }
        return JsonNodeFactory.instance.numberNode(whole);
    }

    private static long ceil(BigDecimal value) {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long floor(BigDecimal value) {
        return value.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static boolean isUrlLike(String name, StringSchema s) {
        String lower = name.toLowerCase(Locale.ROOT);
        return "uri".equals(s.format()) || (s.pattern() != null && s.pattern().pattern().startsWith("^https?"))
                || lower.contains("url") || lower.contains("image");
    }

    private static String url(String name, SplittableRandom random) {
        String lower = name.toLowerCase(Locale.ROOT);
        String extension = lower.contains("video") ? "mp4" : lower.contains("audio") ? "mp3" : "jpg";
        return "https://example.com/media/" + random.nextInt(100_000) + "." + extension;
    }

    private static String sentence(SplittableRandom random) {
        int words = 4 + random.nextInt(12);
        StringBuilder sb = new StringBuilder(words * 8);
        int style = random.nextInt(100);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(i == words / 2 && style < 30 ? ", " : " ");
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        if (style < 5) {
            sb.append(", titled \"").append(WORDS[random.nextInt(WORDS.length)]).append('"');
        } else if (style == 5) {
            sb.append('\n').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
