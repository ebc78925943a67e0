package io.a2ebatch.spec.family;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.schema.ObjectSchema;
import io.a2ebatch.spec.schema.SchemaCompiler;
import tools.jackson.databind.JsonNode;

/**
 * The table of asynchronous task families, derived from the spec: a family is a path segment
 * under {@code /api/v1/} that has a start operation ({@code POST .../start}, {@code .../add} or
 * {@code .../startDubbing}) and a detail operation ({@code GET .../{_id}}, {@code .../{id}} or
 * {@code .../detail/{id}}). Field names come from {@value #DOCUMENTED_FIELDS}.
 */
public final class FamilyCatalog {

    /** Record field names as the doc pages show them. */
    public static final String DOCUMENTED_FIELDS = "/a2e/documented-fields.json";

    private static final Pattern FAMILY_PATH = Pattern.compile("^/api/v1/([^/{}]+)(/.*)?$");
    private static final List<String> START_ACTIONS = List.of("/start", "/add", "/startDubbing");
    private static final List<String> LIST_ACTIONS = List.of("/allRecords", "/list", "/records");
    private static final Pattern ID_PATH = Pattern.compile("^(/detail|/delete)?/\\{(_id|id)}$");
    private static final Pattern RESULT_FIELD_IN_PROSE = Pattern.compile("`(result_[a-z_]*url)`");

    private static volatile FamilyCatalog bundled;

    private final Map<String, TaskFamily> byName;
    private final Map<String, TaskFamily> byKey;

    private FamilyCatalog(Map<String, TaskFamily> byName) {
        this.byName = Collections.unmodifiableMap(byName);
        Map<String, TaskFamily> keys = new HashMap<>();
        for (TaskFamily family : byName.values()) {
            register(keys, family.name(), family);
            for (String alias : family.aliases()) {
                register(keys, alias, family);
            }
        }
        this.byKey = keys;
    }

    /** The catalogue of the bundled, repaired spec; built once per JVM. */
    public static FamilyCatalog bundled() {
        FamilyCatalog catalog = bundled;
        if (catalog == null) {
            synchronized (FamilyCatalog.class) {
                catalog = bundled;
                if (catalog == null) {
                    catalog = derive(ApiSpec.bundled());
                    bundled = catalog;
                }
            }
        }
        return catalog;
    }

    /** Derives the catalogue from a spec. */
    public static FamilyCatalog derive(ApiSpec spec) {
        JsonNode documented = SpecJson.MAPPER.readTree(ApiSpec.readResource(DOCUMENTED_FIELDS));
        Map<String, Map<String, ApiSpec.Operation>> bySegment = new LinkedHashMap<>();
        for (ApiSpec.Operation op : spec.operations()) {
            Matcher m = FAMILY_PATH.matcher(op.path());
            if (m.matches()) {
                String action = m.group(2) == null ? "" : m.group(2);
                bySegment.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                        .put(op.method().toUpperCase(Locale.ROOT) + " " + action, op);
            }
        }
        SchemaCompiler compiler = new SchemaCompiler(spec);
        Map<String, TaskFamily> families = new LinkedHashMap<>();
        for (var entry : bySegment.entrySet()) {
            toFamily(entry.getKey(), entry.getValue(), compiler, documented)
                    .ifPresent(f -> families.put(f.name(), f));
        }
        return new FamilyCatalog(families);
    }

    /** Every family in spec order. */
    public Collection<TaskFamily> families() {
        return byName.values();
    }

    /**
     * The family a manifest names, by its path segment or an alias; case, dashes, underscores and
     * spaces are ignored ({@code user-image2video}, {@code Image2Video} and {@code i2v} all work).
     */
    public Optional<TaskFamily> find(String nameOrAlias) {
        return nameOrAlias == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(nameOrAlias)));
    }

    /** The family with exactly this path segment. */
    public TaskFamily require(String name) {
        TaskFamily family = byName.get(name);
        if (family == null) {
            throw new IllegalArgumentException("No task family '" + name + "' in the spec; known: " + byName.keySet());
        }
        return family;
    }

    private static Optional<TaskFamily> toFamily(String segment, Map<String, ApiSpec.Operation> ops,
                                                 SchemaCompiler compiler, JsonNode documented) {
        ApiSpec.Operation start = firstOf(ops, "POST", START_ACTIONS);
        ApiSpec.Operation detail = idOperation(ops, "GET");
        if (start == null || detail == null) {
            return Optional.empty();
        }
        ApiSpec.Operation batch = ops.get("POST /batchDetail");
        ApiSpec.Operation list = firstOf(ops, "GET", LIST_ACTIONS);
        ApiSpec.Operation delete = idOperation(ops, "DELETE");

        ObjectSchema request = start.jsonRequestSchema().map(compiler::compileObject)
                .orElseGet(ObjectSchema::undescribed);

        JsonNode defaults = documented.path("defaults");
        JsonNode overlay = documented.path("families").path(segment);
        String resultUrl = resultFieldFromProse(ops.values()).orElse(field(defaults, overlay, "result_url"));
        ResultFields fields = new ResultFields(field(defaults, overlay, "id"), field(defaults, overlay, "name"),
                field(defaults, overlay, "status"), resultUrl, field(defaults, overlay, "failed_message"),
                field(defaults, overlay, "failed_code"), field(defaults, overlay, "coins"),
                field(defaults, overlay, "created_at"));

        List<String> aliases = new ArrayList<>();
        if (segment.startsWith("user") && segment.length() > 4) {
            aliases.add(Character.toLowerCase(segment.charAt(4)) + segment.substring(5));
        }
        for (JsonNode alias : overlay.path("aliases")) {
            aliases.add(alias.asString());
        }
        return Optional.of(new TaskFamily(segment, aliases, endpoint(start), endpoint(detail),
                Optional.ofNullable(batch).map(FamilyCatalog::endpoint),
                Optional.ofNullable(list).map(FamilyCatalog::endpoint),
                Optional.ofNullable(delete).map(FamilyCatalog::endpoint), request, fields));
    }

    private static ApiSpec.Operation firstOf(Map<String, ApiSpec.Operation> ops, String method, List<String> actions) {
        for (String action : actions) {
            ApiSpec.Operation op = ops.get(method + " " + action);
            if (op != null) {
                return op;
            }
        }
        return null;
    }

    private static ApiSpec.Operation idOperation(Map<String, ApiSpec.Operation> ops, String method) {
        for (var entry : ops.entrySet()) {
            String[] parts = entry.getKey().split(" ", 2);
            if (parts[0].equals(method) && ID_PATH.matcher(parts[1]).matches()) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static Endpoint endpoint(ApiSpec.Operation op) {
        Matcher m = Pattern.compile("\\{(_id|id)}").matcher(op.path());
        return new Endpoint(op.method(), op.path(), m.find() ? m.group(1) : null, op.queryParameters());
    }

    private static Optional<String> resultFieldFromProse(Collection<ApiSpec.Operation> ops) {
        for (ApiSpec.Operation op : ops) {
            Matcher m = RESULT_FIELD_IN_PROSE.matcher(op.prose());
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String field(JsonNode defaults, JsonNode overlay, String key) {
        return overlay.path(key).asString(defaults.path(key).asString());
    }

    private static void register(Map<String, TaskFamily> keys, String name, TaskFamily family) {
        TaskFamily previous = keys.putIfAbsent(key(name), family);
        if (previous != null && previous != family) {
            throw new IllegalStateException("Family name or alias '" + name + "' is ambiguous: "
                    + previous.name() + " and " + family.name());
        }
    }

    private static String key(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-' && c != '_' && c != ' ') {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }
}
