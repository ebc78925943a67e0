package io.a2ebatch.cli;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.download.ByteRate;
import io.a2ebatch.download.FileNamer;

/**
 * The kind of value an option takes, with its unit and range: checks what the user wrote and turns
 * it into the text Spring binds. Every message names the option it is checking.
 */
public abstract class ValueType {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private final String label;

    private ValueType(String label) {
        this.label = label;
    }

    /** What the value is, for the option table ("duration, 100ms to 1h"). */
    public String label() {
        return label;
    }

    /** Whether the option takes no value. */
    public boolean isFlag() {
        return false;
    }

    /**
     * Checks {@code raw}, given for {@code option} ({@code --rate-limit} or a property name).
     *
     * @return the value as Spring should bind it
     * @throws UsageException naming the option, what is wrong and what to write
     */
    public abstract String convert(String option, String raw);

    /** A switch: present means {@code value} ({@code true}, or {@code false} for a {@code --no-} option). */
    public static ValueType flag(boolean value) {
        return new ValueType("switch") {
            @Override
            public boolean isFlag() {
                return true;
            }

            @Override
            public String convert(String option, String raw) {
                return Boolean.toString(value);
            }
        };
    }

    /** Free text, not empty. */
    public static ValueType text() {
        return nonBlank("text", "a value");
    }

    /** {@code HOST:PORT} to listen on: a host name or address and a port from 0 (any free one) to 65535. */
    public static ValueType hostPort() {
        return new ValueType("HOST:PORT") {
            @Override
            public String convert(String option, String raw) {
                String value = raw.strip();
                int colon = value.lastIndexOf(':');
                String host = colon > 0 ? value.substring(0, colon) : "";
                String port = colon > 0 ? value.substring(colon + 1) : "";
                if (host.isBlank() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                    throw new UsageException(option + " needs HOST:PORT, e.g. 0.0.0.0:8787 or 127.0.0.1:0, not '"
                            + raw + "'");
                }
                return value;
            }
        };
    }

    /** A file or directory path. */
    public static ValueType path() {
        return nonBlank("path", "a path");
    }

    private static ValueType nonBlank(String label, String what) {
        return new ValueType(label) {
            @Override
            public String convert(String option, String raw) {
                if (raw.isBlank()) {
                    throw new UsageException(option + " needs " + what);
                }
                return raw;
            }
        };
    }

    /** Bytes per second: {@code 20MB}, {@code 500KB/s}, {@code 1000000}, {@code 0} or {@code unlimited}. */
    public static ValueType byteRate() {
        return new ValueType("bytes per second, e.g. 20MB") {
            @Override
            public String convert(String option, String raw) {
                try {
                    ByteRate.parse(raw);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(option + " " + raw + ": " + e.getMessage());
                }
                return raw.strip();
            }
        };
    }

    /** A file name template of {@link FileNamer}: {@code {key}.{ext}}. */
    public static ValueType fileNameTemplate() {
        return new ValueType("template") {
            @Override
            public String convert(String option, String raw) {
                try {
                    new FileNamer(raw);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(option + " " + raw + ": " + e.getMessage());
                }
                return raw;
            }
        };
    }

    /** An http or https URL with a host. */
    public static ValueType httpUrl() {
        return new ValueType("http(s) URL") {
            @Override
            public String convert(String option, String raw) {
                URI uri;
                try {
                    uri = new URI(raw.strip());
                } catch (URISyntaxException e) {
                    throw new UsageException(option + " " + raw + " is not a URL (" + e.getReason()
                            + "); write it like https://video.a2e.ai");
                }
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    throw new UsageException(option + " " + raw + " is not an http(s) URL with a host;"
                            + " write it like https://video.a2e.ai or http://127.0.0.1:8080");
                }
                return uri.toString();
            }
        };
    }

    /** A JDBC URL. */
    public static ValueType jdbcUrl() {
        return new ValueType("JDBC URL") {
            @Override
            public String convert(String option, String raw) {
                if (!raw.startsWith("jdbc:")) {
                    throw new UsageException(option + " " + raw + " is not a JDBC URL; write it like"
                            + " jdbc:postgresql://host:5432/database");
                }
                return raw;
            }
        };
    }

    /** One of {@code choices}, ignoring case. */
    public static ValueType choice(String... choices) {
        List<String> allowed = List.of(choices);
        return new ValueType("one of " + String.join(", ", allowed)) {
            @Override
            public String convert(String option, String raw) {
                String value = raw.strip().toLowerCase(Locale.ROOT);
                if (!allowed.contains(value)) {
                    throw new UsageException(option + " " + raw + ": choose one of " + String.join(", ", allowed));
                }
                return value;
            }
        };
    }

    /** A whole number from {@code min} to {@code max}. */
    public static ValueType count(long min, long max) {
        return new ValueType("whole number, " + min + " to " + max) {
            @Override
            public String convert(String option, String raw) {
                String value = raw.strip().replace("_", "");
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new UsageException(option + " " + raw + " is not a whole number; give one from "
                            + min + " to " + max);
                }
                if (n < min || n > max) {
                    throw new UsageException(option + " " + raw + " is out of range; give a whole number from "
                            + min + " to " + max);
                }
                return Long.toString(n);
            }
        };
    }

    /** Any whole number (a seed). */
    public static ValueType anyLong() {
        return count(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A decimal number from {@code min} to {@code max}, in {@code unit} ("requests per second"). */
    public static ValueType decimal(String min, String max, String unit) {
        BigDecimal low = new BigDecimal(min);
        BigDecimal high = new BigDecimal(max);
        return new ValueType("number, " + min + " to " + max + " " + unit) {
            @Override
            public String convert(String option, String raw) {
                String value = raw.strip();
                if (!NUMBER.matcher(value).matches()) {
                    throw new UsageException(option + " " + raw + " is not a number; give " + unit + " from "
                            + min + " to " + max + ", e.g. 5 or 0.5");
                }
                BigDecimal n = new BigDecimal(value);
                if (n.compareTo(low) < 0 || n.compareTo(high) > 0) {
                    throw new UsageException(option + " " + raw + " is out of range; give " + unit + " from "
                            + min + " to " + max);
                }
                return n.toPlainString();
            }
        };
    }

    /**
     * A duration with a unit (ms, s, m, h, d, or ISO-8601 such as PT5S) from {@code min} to {@code max}.
     * A bare number is refused with a suggestion in {@code suggestedUnit}: Spring would read it as
     * milliseconds, which is never what "--poll-interval 5" means.
     */
    public static ValueType duration(Duration min, Duration max, String suggestedUnit) {
        return new ValueType("duration, " + format(min) + " to " + format(max)) {
            @Override
            public String convert(String option, String raw) {
                String value = raw.strip().toLowerCase(Locale.ROOT);
                if (value.matches("\\d+(\\.\\d+)?")) {
                    throw new UsageException(option + " " + raw + " needs a unit (ms, s, m, h or d); did you mean "
                            + value + suggestedUnit + "?");
                }
                Duration d = parseDuration(value);
                if (d == null) {
                    throw new UsageException(option + " " + raw + " is not a duration; write a number and a unit,"
                            + " e.g. 500ms, 5s, 10m, 2h or 3d");
                }
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new UsageException(option + " " + raw + " is out of range; give a duration from "
                            + format(min) + " to " + format(max));
                }
                return value;
            }
        };
    }

    /** Reads {@code 500ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 3d} or ISO-8601; null if none of those. */
    static Duration parseDuration(String value) {
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String format(Duration d) {
        if (d.toMillis() % 86_400_000 == 0 && !d.isZero()) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0 && !d.isZero()) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
