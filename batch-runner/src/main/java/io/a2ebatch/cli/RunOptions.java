package io.a2ebatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@code run}, turned into Spring properties so that every option can also be
 * set in {@code application.yaml} or the environment.
 *
 * @param manifest   the manifest to run
 * @param properties Spring properties the options stand for, in order
 */
public record RunOptions(Path manifest, Map<String, String> properties) {

    /** Options and the property each sets. */
    static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("--base-url", "a2e.api.base-url"),
            Map.entry("--token-file", "a2e.api.token-file"),
            Map.entry("--results", "a2e.output.results"),
            Map.entry("--rejects", "a2e.output.rejects"),
            Map.entry("--progress", "a2e.output.progress"),
            Map.entry("--rate-limit", "a2e.throttle.rate-limit"),
            Map.entry("--max-in-flight", "a2e.throttle.max-in-flight"),
            Map.entry("--submit-concurrency", "a2e.throttle.submit-concurrency"),
            Map.entry("--poll-interval", "a2e.tracking.poll-interval"),
            Map.entry("--max-wait", "a2e.tracking.max-wait"),
            Map.entry("--state-dir", "a2e.state.dir"),
            Map.entry("--jdbc-url", "spring.datasource.url"),
            Map.entry("--jdbc-user", "spring.datasource.username"),
            Map.entry("--download", "a2e.download.dir"),
            Map.entry("--download-concurrency", "a2e.download.concurrency"),
            Map.entry("--download-rate", "a2e.download.rate"),
            Map.entry("--name", "a2e.download.name"));

    /**
     * Parses {@code run}'s arguments: {@code MANIFEST [--option value | --option=value]...}, plus
     * {@code --simulator} and any {@code --a2e.*} / {@code --spring.*} property.
     *
     * @throws UsageException with what is wrong and what to write instead
     */
    public static RunOptions parse(List<String> args) {
        Path manifest = null;
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                if (manifest != null) {
                    throw new UsageException("run takes one manifest, got '" + manifest + "' and '" + arg + "'");
                }
                manifest = Path.of(arg);
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            Optional<String> inline = arg.contains("=") ? Optional.of(arg.substring(arg.indexOf('=') + 1)) : Optional.empty();
            if (name.equals("--token") || name.equals("--api-token") || name.equals("--a2e.api.token")) {
                throw new UsageException("API tokens are never taken from the command line (shell history and"
                        + " process lists would show them): set A2E_API_TOKEN, or pass --token-file FILE");
            }
            if (name.equals("--simulator")) {
                properties.put("a2e.simulator.enabled", inline.orElse("true"));
                continue;
            }
            String property = OPTIONS.get(name);
            if (property == null && (name.startsWith("--a2e.") || name.startsWith("--spring.")
                    || name.startsWith("--logging."))) {
                property = name.substring(2);
            }
            if (property == null) {
                throw new UsageException("unknown option " + name + " (see a2e-batch run --help)");
            }
            String value;
            if (inline.isPresent()) {
                value = inline.get();
            } else if (i + 1 < rest.size()) {
                value = rest.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            if (property.equals("a2e.state.dir")) {
                // H2 accepts only explicit paths; the state directory is resolved once, here.
                value = Path.of(value).toAbsolutePath().normalize().toString();
            }
            properties.put(property, value);
        }
        if (manifest == null) {
            throw new UsageException("run needs a manifest: a2e-batch run MANIFEST.csv [options]");
        }
        return new RunOptions(manifest, properties);
    }

    /** The options as Spring Boot command-line arguments. */
    public String[] springArguments() {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** The command line is wrong; the message says how. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
