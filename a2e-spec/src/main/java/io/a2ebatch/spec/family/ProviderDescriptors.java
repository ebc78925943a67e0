package io.a2ebatch.spec.family;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.schema.ObjectSchema;
import io.a2ebatch.spec.schema.SchemaCompiler;
import tools.jackson.databind.JsonNode;

/**
 * Reads provider descriptors ({@code <id>/provider.json} on the classpath) into a {@link Provider} and
 * its families. A descriptor either lists its families (each naming the operations of its OpenAPI
 * document that start, read, list and delete a task, and its record field names) or, like A2E's,
 * says {@code "families": "derived-from-paths"}: the families follow from the spec's paths by
 * {@link FamilyCatalog#derive(ApiSpec, Provider)}. docs/providers.md describes the format.
 */
public final class ProviderDescriptors {

    /** A2E's descriptor. */
    public static final String A2E = "/a2e/provider.json";
    /** kie.ai's descriptor (Runway Aleph). */
    public static final String KIE = "/kie/provider.json";
    /** Every bundled descriptor, in the order their families are listed. */
    public static final List<String> BUNDLED = List.of(A2E, KIE);

    private static final String DERIVED = "derived-from-paths";

    private ProviderDescriptors() {
    }

    /** The provider a bundled descriptor describes. */
    public static Provider provider(String resource) {
        return provider(resource, SpecJson.MAPPER.readTree(ApiSpec.readResource(resource)));
    }

    /** The families of a bundled descriptor, as a catalogue of their own. */
    public static FamilyCatalog catalog(String resource) {
        JsonNode descriptor = SpecJson.MAPPER.readTree(ApiSpec.readResource(resource));
        Provider provider = provider(resource, descriptor);
        ApiSpec spec = ApiSpec.bundled(provider.specResource());
        JsonNode families = descriptor.path("families");
        if (families.isString() && DERIVED.equals(families.asString())) {
            return FamilyCatalog.derive(spec, provider);
        }
        if (!families.isArray() || families.isEmpty()) {
            throw invalid(resource, "families", "must be \"" + DERIVED + "\" or a non-empty array of families");
        }
        SchemaCompiler compiler = new SchemaCompiler(spec);
        List<TaskFamily> listed = new ArrayList<>();
        for (JsonNode family : families) {
            listed.add(family(resource, family, spec, compiler, provider));
        }
        return FamilyCatalog.of(listed);
    }

    private static Provider provider(String resource, JsonNode d) {
        JsonNode envelope = d.path("envelope");
        Envelope env = new Envelope(text(resource, envelope, "code"), strings(envelope.path("success")),
                envelope.path("statusInBody").asBoolean(false), List.copyOf(strings(envelope.path("message"))),
                text(resource, envelope, "data"), envelope.path("traceId").asString(""));
        JsonNode errors = d.path("errors");
        Map<Integer, ErrorKind> codes = new LinkedHashMap<>();
        for (var entry : errors.path("codes").properties()) {
            codes.put(Integer.parseInt(entry.getKey()), kind(resource, entry.getValue().asString()));
        }
        Map<Integer, Integer> answers = new LinkedHashMap<>();
        for (var entry : errors.path("answers").properties()) {
            answers.put(Integer.parseInt(entry.getKey()), entry.getValue().asInt());
        }
        ErrorTable table = new ErrorTable(codes, kind(resource, text(resource, errors, "otherClientError")),
                kind(resource, text(resource, errors, "otherServerError")), answers);
        JsonNode status = d.path("status");
        StatusRule rule = switch (text(resource, status, "rule")) {
            case "wire-names" -> new StatusRule.WireNames();
            case "success-flag" -> new StatusRule.SuccessFlag(text(resource, status, "successValue"),
                    text(resource, status, "completedField"));
            default -> throw invalid(resource, "status.rule", "must be \"wire-names\" or \"success-flag\"");
        };
        JsonNode cb = d.path("callbacks");
        Optional<CallbackShape> callbacks = cb.isObject()
                ? Optional.of(new CallbackShape(text(resource, cb, "requestField"),
                        List.copyOf(strings(cb.path("taskIdPaths"))), text(resource, cb, "code"),
                        strings(cb.path("success")), text(resource, cb, "message"), dataFields(cb.path("data")),
                        cb.path("requestEcho").asString("")))
                : Optional.empty();
        JsonNode token = d.path("token");
        return new Provider(text(resource, d, "id"), text(resource, d, "displayName"),
                URI.create(text(resource, d, "baseUrl")),
                new TokenSource(text(resource, token, "variable"), text(resource, token, "fileVariable")),
                text(resource, d, "spec"), env, table, rule, callbacks);
    }

    private static Map<String, String> dataFields(JsonNode data) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (var entry : data.properties()) {
            fields.put(entry.getKey(), entry.getValue().asString());
        }
        return fields;
    }

    private static TaskFamily family(String resource, JsonNode f, ApiSpec spec, SchemaCompiler compiler,
                                     Provider provider) {
        String name = text(resource, f, "name");
        ApiSpec.Operation start = operation(resource, spec, text(resource, f, "start"));
        ObjectSchema request = start.jsonRequestSchema().map(compiler::compileObject)
                .orElseGet(ObjectSchema::undescribed);
        JsonNode fields = f.path("fields");
        ResultFields resultFields = new ResultFields(text(resource, fields, "id"), fields.path("name").asString(""),
                text(resource, fields, "status"), text(resource, fields, "result_url"),
                fields.path("failed_message").asString(""), fields.path("failed_code").asString(""),
                fields.path("coins").asString(""), fields.path("created_at").asString(""));
        List<String> aliases = new ArrayList<>(strings(f.path("aliases")));
        return new TaskFamily(name, aliases, endpoint(start, null),
                endpoint(operation(resource, spec, text(resource, f, "detail")), text(resource, f, "idParameter")),
                optional(resource, spec, f, "batchDetail", null), optional(resource, spec, f, "list", null),
                optional(resource, spec, f, "delete", f.path("idParameter").asString(null)), request, resultFields,
                provider);
    }

    private static Optional<Endpoint> optional(String resource, ApiSpec spec, JsonNode f, String field,
                                               String idParameter) {
        return f.has(field)
                ? Optional.of(endpoint(operation(resource, spec, text(resource, f, field)), idParameter))
                : Optional.empty();
    }

    private static ApiSpec.Operation operation(String resource, ApiSpec spec, String label) {
        String[] parts = label.split(" ", 2);
        return spec.operation(parts[0], parts.length > 1 ? parts[1] : "").orElseThrow(() -> invalid(resource, label,
                "names no operation of " + spec.root().path("info").path("title").asString("its OpenAPI document")));
    }

    private static Endpoint endpoint(ApiSpec.Operation op, String idParameter) {
        Endpoint endpoint = new Endpoint(op.method(), op.path(), idParameter, op.queryParameters());
        if (idParameter != null && !op.path().contains("{" + idParameter + "}")
                && !op.queryParameters().contains(idParameter)) {
            throw new IllegalStateException(op.label() + " has no path or query parameter '" + idParameter + "'");
        }
        return endpoint;
    }

    private static ErrorKind kind(String resource, String name) {
        try {
            return ErrorKind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(resource, name, "is not an error kind; use one of " + List.of(ErrorKind.values()));
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode v : array) {
            values.add(v.asString());
        }
        return values;
    }

    private static String text(String resource, JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            throw invalid(resource, field, "is missing or empty");
        }
        return value;
    }

    private static IllegalStateException invalid(String resource, String field, String reason) {
        return new IllegalStateException("Provider descriptor " + resource + ": '" + field + "' " + reason);
    }
}
