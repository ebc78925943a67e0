package io.a2ebatch.download;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a row into a file name from a template: {@code {key}}, {@code {type}} (the task family),
 * {@code {task_id}} and {@code {ext}}, e.g. {@code {key}.{ext}} (the default) or
 * {@code {key}-{type}.{ext}}. Values are escaped so that any key gives a safe name and two keys never
 * give the same one: every byte outside {@code A-Z a-z 0-9 - _ .} (and a leading dot) becomes
 * {@code %XX}, as in a URL, so {@code %} itself is {@code %25} and the escaping can be undone. A name
 * longer than 200 bytes is cut and ends in 16 hex digits of the SHA-256 of the whole value.
 *
 * <p>Case-insensitive file systems (macOS, Windows) still see {@code Row} and {@code row} as one
 * name; keep keys distinct ignoring case there.
 */
public final class FileNamer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final int MAX_VALUE_BYTES = 200;
    private static final Map<String, String> EXTENSION_BY_TYPE = Map.ofEntries(
            Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"), Map.entry("video/quicktime", "mov"),
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/webp", "webp"),
            Map.entry("image/gif", "gif"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/wav", "wav"),
            Map.entry("audio/x-wav", "wav"), Map.entry("audio/mp4", "m4a"), Map.entry("application/zip", "zip"));
    private static final Pattern URL_EXTENSION = Pattern.compile("\\.([A-Za-z0-9]{1,5})$");

    private final String template;

    /**
     * @throws IllegalArgumentException when the template names an unknown placeholder or would give
     *                                  two rows the same name (it has neither {key} nor {task_id})
     */
    public FileNamer(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group(1).matches("key|type|task_id|ext")) {
                throw new IllegalArgumentException("--name " + template + ": unknown placeholder {" + m.group(1)
                        + "}; use {key}, {type}, {task_id} and {ext}");
            }
        }
        if (!template.contains("{key}") && !template.contains("{task_id}")) {
            throw new IllegalArgumentException("--name " + template + ": the template needs {key} (or {task_id}),"
                    + " else every row gets the same file name; e.g. {key}.{ext}");
        }
        if (template.contains("/") || template.contains("\\")) {
            throw new IllegalArgumentException("--name " + template + ": a template names a file, not a path;"
                    + " remove the / (files go to the --download directory)");
        }
        this.template = template;
    }

    /** The file name of a row's result. */
    public String name(String key, String type, String taskId, String extension) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "key" -> key;
                case "type" -> type;
                case "task_id" -> taskId;
                default -> extension;
            };
            m.appendReplacement(out, Matcher.quoteReplacement(escape(value == null ? "" : value)));
        }
        m.appendTail(out);
        String name = out.toString();
        return name.startsWith(".") ? "%2E" + name.substring(1) : name;
    }

    /** The value with every unsafe byte as {@code %XX}; injective. */
    static String escape(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-'
                    || b == '_' || (b == '.' && i > 0);
            if (safe) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
            }
        }
        if (out.length() <= MAX_VALUE_BYTES) {
            return out.toString();
        }
        return out.substring(0, MAX_VALUE_BYTES - 17) + "~" + sha256(value).substring(0, 16);
    }

    /**
     * The extension of a result: from its content type when that names a known media type, else from
     * the URL's path, else {@code bin}.
     */
    public static String extension(String contentType, String url) {
        if (contentType != null) {
            String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            String ext = EXTENSION_BY_TYPE.get(type);
            if (ext != null) {
                return ext;
            }
        }
        try {
            String path = URI.create(url).getPath();
            Matcher m = URL_EXTENSION.matcher(path == null ? "" : path);
            if (m.find()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // An unparsable URL has no extension to offer.
        }
        return "bin";
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
