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
 * A table of asynchronous task families, of one provider or several. {@link #bundled()} is A2E's,
 * derived from its spec: a family is a path segment under {@code /api/v1/} that has a start operation
 * ({@code POST .../start}, {@code .../add} or {@code .../startDubbing}) and a detail operation
 * ({@code GET .../{_id}}, {@code .../{id}} or {@code .../detail/{id}}), with field names from
 * {@value #DOCUMENTED_FIELDS}. {@link #everyProvider()} adds the families other providers' descriptors
 * list (kie.ai's Runway Aleph); see {@link ProviderDescriptors}.
 *
 * <p>A manifest's {@code type} names a family by its name or an alias ({@code image2video},
 * {@code aleph}) or qualified by its provider's id ({@code a2e.image2video}, {@code kie.aleph}); a
 * name two providers share is accepted only qualified.
 */
public final class FamilyCatalog {

    /** Record field names as the doc pages show them. */
    public static final String DOCUMENTED_FIELDS = "/a2e/documented-fields.json";

    /** Separates a provider's id from a family name in a qualified type ({@code kie.aleph}). */
    public static final char QUALIFIER = '.';

    private static final Pattern FAMILY_PATH = Pattern.compile("^/api/v1/([^/{}]+)(/.*)?$");
    private static final List<String> START_ACTIONS = List.of("/start", "/add", "/startDubbing");
    private static final List<String> LIST_ACTIONS = List.of("/allRecords", "/list", "/records");
    private static final Pattern ID_PATH = Pattern.compile("^(/detail|/delete)?/\\{(_id|id)}$");
    private static final Pattern RESULT_FIELD_IN_PROSE = Pattern.compile("`(result_[a-z_]*url)`");

    private static volatile FamilyCatalog bundled;
    private static volatile FamilyCatalog everyProvider;

    private final List<TaskFamily> families;
    private final List<Provider> providers;
    private final Map<String, TaskFamily> byName;
    private final Map<String, TaskFamily> byKey;
    private final Map<String, List<TaskFamily>> ambiguous;

    private FamilyCatalog(List<TaskFamily> families) {
        this.families = List.copyOf(families);
        this.providers = families.stream().map(TaskFamily::provider).distinct().toList();
        Map<String, List<TaskFamily>> byPlainName = new LinkedHashMap<>();
        Map<String, List<TaskFamily>> byPlainKey = new LinkedHashMap<>();
        Map<String, TaskFamily> names = new LinkedHashMap<>();
        Map<String, TaskFamily> keys = new HashMap<>();
        for (Provider provider : providers) {
            Map<String, TaskFamily> ownKeys = new HashMap<>();
            for (TaskFamily family : families) {
                if (family.provider().equals(provider)) {
                    register(ownKeys, family.name(), family);
                    for (String alias : family.aliases()) {
                        register(ownKeys, alias, family);
                    }
                    names.put(family.qualifiedName(), family);
                    byPlainName.computeIfAbsent(family.name(), k -> new ArrayList<>()).add(family);
                }
            }
            for (var entry : ownKeys.entrySet()) {
                keys.put(key(provider.id()) + QUALIFIER + entry.getKey(), entry.getValue());
                byPlainKey.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue());
            }
        }
        Map<String, List<TaskFamily>> shared = new HashMap<>();
        byPlainName.forEach((name, owners) -> {
            if (owners.size() == 1) {
                names.put(name, owners.get(0));
            }
        });
        byPlainKey.forEach((key, owners) -> {
            if (owners.size() == 1) {
                keys.put(key, owners.get(0));
            } else {
                shared.put(key, List.copyOf(owners));
            }
        });
        this.byName = Collections.unmodifiableMap(names);
        this.byKey = keys;
        this.ambiguous = shared;
    }

    /** A2E's catalogue, from the bundled, repaired spec; built once per JVM. */
    public static FamilyCatalog bundled() {
        FamilyCatalog catalog = bundled;
        if (catalog == null) {
            synchronized (FamilyCatalog.class) {
                catalog = bundled;
                if (catalog == null) {
                    catalog = ProviderDescriptors.catalog(ProviderDescriptors.A2E);
                    bundled = catalog;
                }
            }
        }
        return catalog;
    }

    /**
     * Every bundled provider's families ({@link ProviderDescriptors#BUNDLED}, A2E's first); built once per JVM.
     */
    public static FamilyCatalog everyProvider() {
        FamilyCatalog catalog = everyProvider;
        if (catalog == null) {
            synchronized (FamilyCatalog.class) {
                catalog = everyProvider;
                if (catalog == null) {
                    List<TaskFamily> all = new ArrayList<>(bundled().families());
                    for (String descriptor : ProviderDescriptors.BUNDLED) {
                        if (!descriptor.equals(ProviderDescriptors.A2E)) {
                            all.addAll(ProviderDescriptors.catalog(descriptor).families());
                        }
                    }
                    catalog = new FamilyCatalog(all);
                    everyProvider = catalog;
                }
            }
        }
        return catalog;
    }

    /** A catalogue of the given families, of one provider or several. */
    public static FamilyCatalog of(List<TaskFamily> families) {
        return new FamilyCatalog(families);
    }

    /** Derives A2E's catalogue from a spec, with the bundled A2E provider descriptor. */
    public static FamilyCatalog derive(ApiSpec spec) {
        return derive(spec, bundled().providers().get(0));
    }

    /**
     * Derives a catalogue from a spec by A2E's path conventions (see the class comment), for the
     * given provider; field names come from {@value #DOCUMENTED_FIELDS}.
     */
    public static FamilyCatalog derive(ApiSpec spec, Provider provider) {
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
        List<TaskFamily> families = new ArrayList<>();
        for (var entry : bySegment.entrySet()) {
            toFamily(entry.getKey(), entry.getValue(), compiler, documented, provider).ifPresent(families::add);
        }
        return new FamilyCatalog(families);
    }

    /** Every family: providers in order, each provider's families in its spec's order. */
    public Collection<TaskFamily> families() {
        return families;
    }

    /** The names of {@code provider}'s families, in the catalog's order (as the ledger records them). */
    public List<String> familyNamesOf(Provider provider) {
        return families.stream().filter(f -> f.provider().equals(provider)).map(TaskFamily::name).toList();
    }

    /** The providers whose families this catalogue holds, in order. */
    public List<Provider> providers() {
        return providers;
    }

    /** The provider with this id ({@code a2e}, {@code kie}), if the catalogue has its families. */
    public Optional<Provider> provider(String id) {
        return providers.stream().filter(p -> p.id().equalsIgnoreCase(id)).findFirst();
    }

    /**
     * The family a manifest names, by its name or an alias, optionally qualified by its provider's id
     * ({@code kie.aleph}); case, dashes, underscores and spaces are ignored ({@code user-image2video},
     * {@code Image2Video} and {@code i2v} all work). A name two providers share is found only qualified.
     */
    public Optional<TaskFamily> find(String nameOrAlias) {
        return nameOrAlias == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(nameOrAlias)));
    }

    /**
     * The families an unqualified name could mean when more than one provider has it (empty otherwise),
     * so that an error can list the qualified names to choose from.
     */
    public List<TaskFamily> ambiguous(String nameOrAlias) {
        return nameOrAlias == null ? List.of() : ambiguous.getOrDefault(key(nameOrAlias), List.of());
    }

    /** The family with exactly this name, or qualified name ({@code kie.aleph}). */
    public TaskFamily require(String name) {
        TaskFamily family = byName.get(name);
        if (family == null) {
            throw new IllegalArgumentException("No task family '" + name + "' in the spec; known: " + byName.keySet());
        }
        return family;
    }

    private static Optional<TaskFamily> toFamily(String segment, Map<String, ApiSpec.Operation> ops,
                                                 SchemaCompiler compiler, JsonNode documented, Provider provider) {
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
                Optional.ofNullable(delete).map(FamilyCatalog::endpoint), request, fields, provider));
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

    static String key(String name) {
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
