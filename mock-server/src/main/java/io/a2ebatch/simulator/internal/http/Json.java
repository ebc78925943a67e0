package io.a2ebatch.simulator.internal.http;

import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.a2ebatch.spec.schema.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's JSON: the strict mapper that reads request bodies, and the two envelopes a
 * response uses — the doc pages' success envelope {@code {"code":0,"data":...,"trace_id":...}} and
 * the spec's {@code ErrorResponse} plus {@code trace_id} (see {@code docs/spec-and-doc-pages.md}).
 */
public final class Json {

    /** Rejects duplicate keys and trailing content, so a malformed body is never half-read. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Where Jackson's messages start naming its own classes and features. */
    private static final List<String> INTERNALS = List.of(" (not recognized", ": enable `", "; enable `", "(for `",
            "(bound as", "as per `", "from `", " (through reference chain", "(class ", "(in ");
    private static final Pattern JAVA_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z]\\w*"
            + "|\\b\\w+(Feature|Exception|Constraints)\\b");

    /** A code written as a number: it fits an int. Compiled once, as every answer's envelope asks. */
    private static final Pattern NUMERIC_CODE = Pattern.compile("-?\\d{1,9}");

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Each thread's buffer for the answers it writes ({@link #bytes}): a batchDetail answer is some 32 KB,
     * which Jackson's own byte builder collects in fresh segments and then copies into one array.
     */
    private static final ThreadLocal<AnswerBuffer> ANSWER_BUFFER = ThreadLocal.withInitial(AnswerBuffer::new);

    private Json() {
    }

    /**
     * {@code root} as UTF-8 JSON, the same bytes as {@code MAPPER.writeValueAsBytes(root)}: written into this
     * thread's reused buffer and copied out once, at its exact length.
     */
    public static byte[] bytes(JsonNode root) {
        AnswerBuffer buffer = ANSWER_BUFFER.get();
        if (buffer.inUse) {
            // An answer written while this thread writes another (a node that serializes itself): its own bytes.
            return MAPPER.writeValueAsBytes(root);
        }
        buffer.inUse = true;
        try {
            buffer.count = 0;
            MAPPER.writeValue(buffer, root);
            return Arrays.copyOf(buffer.bytes, buffer.count);
        } finally {
            buffer.release();
        }
    }

    /** A growable byte sink a thread reuses from answer to answer; one grown for an unusually large answer is not kept. */
    private static final class AnswerBuffer extends OutputStream {

        private static final int INITIAL = 64 * 1024;
        private static final int KEPT_AT_MOST = 1024 * 1024;

        byte[] bytes = new byte[INITIAL];
        int count;
        boolean inUse;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (bytes.length - count < more) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }

        void release() {
            inUse = false;
            if (bytes.length > KEPT_AT_MOST) {
                bytes = new byte[INITIAL];
            }
        }
    }

    /**
     * ISO-8601 UTC with milliseconds, as A2E writes times: {@code 2024-06-21T03:20:22.436Z}. Written by
     * hand for years 1 to 9999 (every record carries two, and the formatter stood out in profiles of
     * batchDetail answers); other years (the formatter writes the year of the era) go through it.
     */
    public static String iso(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
        }
        char[] c = new char[24];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses a request body.
     *
     * @throws ApiError 400 {@code INVALID_REQUEST} saying where the JSON breaks
     */
    public static JsonNode parseBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiError.invalid("The request body is empty; send a JSON object with Content-Type: application/json");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at == TokenStreamLocation.NA || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ApiError.invalid("The request body is not valid JSON" + where + ": " + problem(e)
                    + ". Send one JSON object with Content-Type: application/json");
        }
    }

    /**
     * What is wrong with the JSON, in plain words: Jackson's own messages name its classes and
     * features ({@code StreamReadConstraints}, {@code DeserializationFeature...}), which mean nothing
     * to a client, so they are cut at the first such name or replaced.
     */
    static String problem(JacksonException e) {
        String message = firstLine(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            StreamReadConstraints limits = MAPPER.tokenStreamFactory().streamReadConstraints();
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("nesting depth")) {
                return "objects and arrays are nested more than " + limits.getMaxNestingDepth() + " levels deep";
            }
            if (lower.contains("number")) {
                return "a number has more than " + limits.getMaxNumberLength() + " digits";
            }
            if (lower.contains("name")) {
                return "a property name is longer than " + limits.getMaxNameLength() + " characters";
            }
            if (lower.contains("string")) {
                return "a string is longer than " + limits.getMaxStringLength() + " characters";
            }
            return "the document is larger than the simulator reads";
        }
        if (message.startsWith("Trailing token")) {
            return "there is more content after the JSON value ends";
        }
        if (message.contains("(non-standard) comment")) {
            return "JSON has no comments";
        }
        if (message.startsWith("Non-standard token")) {
            int quote = message.indexOf('\'');
            int end = quote < 0 ? -1 : message.indexOf('\'', quote + 1);
            return "JSON has no " + (end < 0 ? "NaN or Infinity" : message.substring(quote, end + 1))
                    + " (NaN and Infinity are not JSON numbers)";
        }
        for (String internal : INTERNALS) {
            int cut = message.indexOf(internal);
            if (cut > 0) {
                message = message.substring(0, cut);
            }
        }
        message = message.strip();
        while (message.endsWith(":") || message.endsWith(";") || message.endsWith(",")) {
            message = message.substring(0, message.length() - 1).strip();
        }
        return message.isEmpty() || namesJavaInternals(message) ? "the JSON is malformed" : message;
    }

    /**
     * Whether {@code text} names a Java class, package, feature or exception ({@code java.lang.Foo},
     * {@code DeserializationFeature}, {@code EofException}), which no client-facing message may show.
     */
    public static boolean namesJavaInternals(String text) {
        return text.contains("`") || JAVA_NAME.matcher(text).find();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Puts a status code: a numeric one as a number (as both providers send it), another one as text. */
    public static void putCode(ObjectNode node, String field, String code) {
        if (NUMERIC_CODE.matcher(code).matches()) {
            node.put(field, Integer.parseInt(code));
        } else {
            node.put(field, code);
        }
    }

    /**
     * The spec's {@code ErrorResponse}: {@code {"success":false,"code":...,"error":...,"timestamp":...,"trace_id":...}},
     * plus {@code violations} (field, rule, message) when a request broke the schema.
     */
    public static byte[] error(String code, String message, List<Violation> violations, long nowMillis, String traceId) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("success", false);
        root.put("code", code);
        root.put("error", message);
        root.put("timestamp", iso(nowMillis));
        root.put("trace_id", traceId);
        if (!violations.isEmpty()) {
            ArrayNode list = root.putArray("violations");
            for (Violation v : violations) {
                ObjectNode item = list.addObject();
                item.put("field", v.field());
                item.put("rule", v.rule().name());
                item.put("message", v.message());
            }
        }
        return bytes(root);
    }
}
