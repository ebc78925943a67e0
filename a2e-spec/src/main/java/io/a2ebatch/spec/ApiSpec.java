package io.a2ebatch.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * An OpenAPI contract as every module reads it. A2E's is the repaired copy of the vendored spec
 * ({@value #REPAIRED_RESOURCE}), derived from the untouched original ({@value #ORIGINAL_RESOURCE})
 * by {@link io.a2ebatch.spec.repair.SpecRepair}; other providers' documents are named by their
 * descriptors ({@code Provider.specResource()}).
 */
public final class ApiSpec {

    /** Classpath location of the repaired spec that the simulator, the runner and the tests read. */
    public static final String REPAIRED_RESOURCE = "/a2e/openapi.json";
    /** Classpath location of the spec exactly as published (copied from {@code ../shared/a2e}). */
    public static final String ORIGINAL_RESOURCE = "/a2e/openapi.original.json";

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final Map<String, ApiSpec> BUNDLED = new ConcurrentHashMap<>();

    private final String text;
    private final JsonNode root;
    private final List<Operation> operations;

    private ApiSpec(String text) {
        this.text = text;
        this.root = SpecJson.MAPPER.readTree(text);
        this.operations = Collections.unmodifiableList(collectOperations(root));
    }

    /** The repaired spec bundled with this module; parsed once per JVM. */
    public static ApiSpec bundled() {
        return bundled(REPAIRED_RESOURCE);
    }

    /**
     * An OpenAPI document bundled with this module (A2E's {@value #REPAIRED_RESOURCE}, kie.ai's
     * {@code /kie/aleph.openapi.json}); each is parsed once per JVM.
     */
    public static ApiSpec bundled(String resource) {
        return BUNDLED.computeIfAbsent(resource, r -> new ApiSpec(readResource(r)));
    }

    /** Parses a spec from JSON text (for example another team's variant of the contract). */
    public static ApiSpec parse(String json) {
        return new ApiSpec(json);
    }

    /** Reads a classpath resource of this module as UTF-8 text. */
    public static String readResource(String resource) {
        try (InputStream in = ApiSpec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource
                        + " is missing from the classpath; rebuild the a2e-spec module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + resource, e);
        }
    }

    /** The spec's JSON text, for tools that parse it themselves (such as request validators). */
    public String text() {
        return text;
    }

    public JsonNode root() {
        return root;
    }

    /** Every operation in document order. */
    public List<Operation> operations() {
        return operations;
    }

    /** The operation at {@code method} and exact path template, if the spec has one. */
    public Optional<Operation> operation(String method, String pathTemplate) {
        String m = method.toLowerCase(Locale.ROOT);
        return operations.stream()
                .filter(op -> op.method().equals(m) && op.path().equals(pathTemplate))
                .findFirst();
    }

    /**
     * Resolves a local {@code $ref} ({@code #/components/...}) against this spec; any other node
     * is returned unchanged.
     */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current != null && current.has("$ref"); depth++) {
            if (depth > 32) {
                throw new IllegalStateException("$ref chain too deep at " + node);
            }
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("Only local $ref is supported, got " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("Unresolvable $ref " + ref);
            }
        }
        return current;
    }

    private static List<Operation> collectOperations(JsonNode root) {
        List<Operation> result = new ArrayList<>();
        for (var path : root.path("paths").properties()) {
            for (var entry : path.getValue().properties()) {
                if (HTTP_METHODS.contains(entry.getKey())) {
                    result.add(new Operation(entry.getKey(), path.getKey(), entry.getValue()));
                }
            }
        }
        return result;
    }

    /**
     * One operation of the spec.
     *
     * @param method lower-case HTTP method as the spec writes it ({@code post})
     * @param path   path template ({@code /api/v1/userImage2Video/{_id}})
     * @param node   the operation object
     */
    public record Operation(String method, String path, JsonNode node) {

        public String operationId() {
            return node.path("operationId").asString(method.toUpperCase(Locale.ROOT) + " " + path);
        }

        /** {@code POST /api/v1/...}: how logs and reports name an operation. */
        public String label() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        /** The JSON request body schema, if the operation declares one. */
        public Optional<JsonNode> jsonRequestSchema() {
            JsonNode schema = node.path("requestBody").path("content").path("application/json").path("schema");
            return schema.isMissingNode() ? Optional.empty() : Optional.of(schema);
        }

        /** Names of the query parameters the operation declares. */
        public List<String> queryParameters() {
            List<String> names = new ArrayList<>();
            for (JsonNode p : node.path("parameters")) {
                if ("query".equals(p.path("in").asString())) {
                    names.add(p.path("name").asString());
                }
            }
            return names;
        }

        /** The description and summary text, where the spec states result fields in prose. */
        public String prose() {
            return node.path("summary").asString("") + "\n" + node.path("description").asString("");
        }
    }
}
