package io.a2ebatch.spec.repair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.spec.SpecJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives the repaired copy of the published A2E spec. The published document is not strictly
 * valid OpenAPI 3.0, and strict parsers (swagger-parser, behind Atlassian's request validator)
 * report 68 problems. This step mends exactly those four kinds of defect and nothing else:
 * <ol>
 *   <li>path parameters used in a path template but declared nowhere (65 operations): each is
 *       declared on the operation as a required string path parameter;</li>
 *   <li>the stray top-level {@code trace_id} member: removed;</li>
 *   <li>array schemas without {@code items} ({@code bbox_list} of userWan27Image/start):
 *       given {@code "items": {}}, which accepts any element as the published schema intended;</li>
 *   <li>{@code "required": false} written inside a property (userFaceSwapTask/add): removed, since
 *       OpenAPI expresses optionality by leaving the name out of the parent's {@code required}.</li>
 * </ol>
 * Run it with {@code mvn -pl a2e-spec exec:java@repair-spec}; a test keeps the committed copy equal
 * to what this step produces.
 */
public final class SpecRepair {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private SpecRepair() {
    }

    /** The kind of defect a repair mends. */
    public enum Kind {
        UNDECLARED_PATH_PARAMETER,
        STRAY_TOP_LEVEL_MEMBER,
        ARRAY_WITHOUT_ITEMS,
        BOOLEAN_REQUIRED_IN_PROPERTY
    }

    /**
     * One change made to the document.
     *
     * @param kind    what was wrong
     * @param pointer JSON pointer of the node changed, in the original document
     * @param detail  what was done, in words
     */
    public record Repair(Kind kind, String pointer, String detail) {
    }

    /**
     * The repaired document and the changes made to the original.
     *
     * @param document the repaired spec (a copy; the input is not modified)
     * @param repairs  every change, in document order
     */
    public record Result(JsonNode document, List<Repair> repairs) {
    }

    /** Repairs a copy of {@code original}. */
    public static Result repair(JsonNode original) {
        ObjectNode doc = (ObjectNode) original.deepCopy();
        List<Repair> repairs = new ArrayList<>();
        declarePathParameters(doc, repairs);
        removeStrayTopLevelMembers(doc, repairs);
        walkSchemas(doc, "", repairs);
        return new Result(doc, Collections.unmodifiableList(repairs));
    }

    /** Repairs the JSON text of a spec and returns it in the spec's own layout. */
    public static String repairText(String originalJson) {
        return SpecJson.printInSpecLayout(repair(SpecJson.MAPPER.readTree(originalJson)).document());
    }

    /** {@code SpecRepair ORIGINAL.json REPAIRED.json}: writes the repaired copy and lists the repairs. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SpecRepair ORIGINAL.json REPAIRED.json");
            System.exit(2);
        }
        String original = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        Result result = repair(SpecJson.MAPPER.readTree(original));
        Files.writeString(Path.of(args[1]), SpecJson.printInSpecLayout(result.document()), StandardCharsets.UTF_8);
        for (Repair r : result.repairs()) {
            System.out.println(r.kind() + " " + r.pointer() + ": " + r.detail());
        }
        System.out.println(result.repairs().size() + " repairs written to " + args[1]);
    }

    private static void declarePathParameters(ObjectNode doc, List<Repair> repairs) {
        JsonNode paths = doc.path("paths");
        for (var pathEntry : paths.properties()) {
            String template = pathEntry.getKey();
            Set<String> variables = templateVariables(template);
            if (variables.isEmpty()) {
                continue;
            }
            JsonNode pathItem = pathEntry.getValue();
            Set<String> declaredOnPath = declaredPathParameters(pathItem.path("parameters"));
            for (var opEntry : pathItem.properties()) {
                if (!HTTP_METHODS.contains(opEntry.getKey())) {
                    continue;
                }
                ObjectNode operation = (ObjectNode) opEntry.getValue();
                Set<String> declared = new LinkedHashSet<>(declaredOnPath);
                declared.addAll(declaredPathParameters(operation.path("parameters")));
                for (String variable : variables) {
                    if (declared.contains(variable)) {
                        continue;
                    }
                    ArrayNode parameters = operation.has("parameters")
                            ? (ArrayNode) operation.get("parameters")
                            : operation.putArray("parameters");
                    ObjectNode parameter = parameters.addObject();
                    parameter.put("name", variable);
                    parameter.put("in", "path");
                    parameter.put("required", true);
                    parameter.putObject("schema").put("type", "string");
                    repairs.add(new Repair(Kind.UNDECLARED_PATH_PARAMETER,
                            "/paths/" + escape(template) + "/" + opEntry.getKey(),
                            "declared path parameter '" + variable + "' (required string)"));
                }
            }
        }
    }

    private static void removeStrayTopLevelMembers(ObjectNode doc, List<Repair> repairs) {
        // trace_id is a response envelope field that leaked to the document root.
        if (doc.has("trace_id")) {
            doc.remove("trace_id");
            repairs.add(new Repair(Kind.STRAY_TOP_LEVEL_MEMBER, "/trace_id",
                    "removed the top-level 'trace_id', which OpenAPI 3.0 does not allow"));
        }
    }

    private static void walkSchemas(JsonNode node, String pointer, List<Repair> repairs) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if ("array".equals(object.path("type").asString(null)) && !object.has("items")) {
                object.putObject("items");
                repairs.add(new Repair(Kind.ARRAY_WITHOUT_ITEMS, pointer,
                        "added 'items: {}' (any element) to an array schema that had none"));
            }
            JsonNode properties = object.get("properties");
            if (properties != null && properties.isObject()) {
                for (var property : properties.properties()) {
                    JsonNode required = property.getValue().get("required");
                    if (required != null && required.isBoolean()) {
                        ((ObjectNode) property.getValue()).remove("required");
                        repairs.add(new Repair(Kind.BOOLEAN_REQUIRED_IN_PROPERTY,
                                pointer + "/properties/" + escape(property.getKey()),
                                "removed 'required: " + required.asBoolean() + "' from a property schema"));
                    }
                }
            }
            for (var child : object.properties()) {
                walkSchemas(child.getValue(), pointer + "/" + escape(child.getKey()), repairs);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkSchemas(node.get(i), pointer + "/" + i, repairs);
            }
        }
    }

    private static Set<String> templateVariables(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> declaredPathParameters(JsonNode parameters) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode p : parameters) {
            if ("path".equals(p.path("in").asString(null))) {
                names.add(p.path("name").asString());
            }
        }
        return names;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
