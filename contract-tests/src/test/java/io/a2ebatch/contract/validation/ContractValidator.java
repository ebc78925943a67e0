package io.a2ebatch.contract.validation;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.anyOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.isRequest;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.isResponse;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsRegexp;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusTypeIs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.atlassian.oai.validator.whitelist.StatusType;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * Judges exchanges against the A2E contract: the vendored, repaired {@code openapi.json} through
 * swagger-request-validator (in its default strict mode, where an object schema that lists
 * properties admits no others), and the doc pages' envelope and field names through
 * {@link DocumentedEnvelope}. Requests are judged when the client under test sent them; answers
 * always. Thread-safe; build it once ({@link #bundled()}), parsing the spec takes a moment.
 *
 * <p>Where the spec and the doc pages disagree the doc pages win (docs/spec-and-doc-pages.md). That
 * takes four named whitelist rules, each as narrow as the disagreement, and nothing else is ignored:
 * <ul>
 *   <li>{@value #DOC_PAGES_ENVELOPE}</li>
 *   <li>{@value #ERROR_TRACE_ID}</li>
 *   <li>{@value #UNDESCRIBED_ERROR_BODY}</li>
 *   <li>{@value #UNDESCRIBED_START_REQUEST}</li>
 * </ul>
 * One rule is lowered to a warning (reported in the coverage table):
 * {@code validation.request.parameter.query.unexpected}, see the constructor.
 */
public final class ContractValidator {

    /** The success envelope is the doc pages' {@code {code, data, trace_id}}, not the spec's {@code SuccessResponse}. */
    public static final String DOC_PAGES_ENVELOPE = "Doc pages win over SuccessResponse: a success is"
            + " {code, data, trace_id} without the spec's 'success', also where the spec describes no body"
            + " (docs/spec-and-doc-pages.md); DocumentedEnvelope checks it instead";
    /** Error bodies carry the doc pages' {@code trace_id}; a 400 may list the schema violations. */
    public static final String ERROR_TRACE_ID = "An error body is the spec's ErrorResponse plus the trace_id every"
            + " documented answer carries (docs/spec-and-doc-pages.md); a 400 may add the violations it found"
            + " (docs/simulator.md)";
    /**
     * Errors whose body the operation does not describe: statuses it does not declare (429, 402, 5xx, a
     * 404 where the spec lists none ...) or declares without content (31 of them).
     */
    public static final String UNDESCRIBED_ERROR_BODY = "An error whose body the operation does not describe"
            + " (a status it does not declare, or declares without content) is accepted when the body is the"
            + " spec's ErrorResponse (checked separately: the validator checks no such body)";
    /** A start operation whose request the spec does not describe (userDubbing) still takes the row's fields. */
    public static final String UNDESCRIBED_START_REQUEST = "A start operation the spec gives no request body"
            + " takes the row's fields as a JSON body (docs/manifest.md, userDubbing)";

    private static final String ERROR_RESPONSE = "ErrorResponse";
    private static final Pattern MISSING_REQUIRED = Pattern.compile("missing required properties \\(\\[(.*)]\\)");
    private static final Pattern NOT_ALLOWED = Pattern.compile("not allowed by the schema: \\[(.*)]");
    private static final Pattern PATH_PREFIX = Pattern.compile("^\\[Path '[^']*'] ");

    private static volatile ContractValidator bundled;

    private final OperationIndex index;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    private final Schema<?> errorResponse;
    private final ValidationErrorsWhitelist whitelist;
    private final DocumentedEnvelope envelope = new DocumentedEnvelope();

    private ContractValidator(String specText, OperationIndex index) {
        this.index = index;
        Set<String> undescribedStarts = index.operations().stream()
                .filter(op -> op.role() == OperationIndex.Role.START && !op.declaresRequestBody())
                .map(OperationIndex.SpecOperation::label).collect(Collectors.toUnmodifiableSet());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIParser().readContents(specText, null, options).getOpenAPI();
        if (api == null || api.getComponents() == null || api.getComponents().getSchemas().get(ERROR_RESPONSE) == null) {
            throw new IllegalStateException("The spec has no components.schemas." + ERROR_RESPONSE);
        }
        this.errorResponse = api.getComponents().getSchemas().get(ERROR_RESPONSE);
        this.schemas = new SchemaValidator(api, new MessageResolver());
        this.whitelist = whitelist(undescribedStarts);
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(specText)
                .withLevelResolver(LevelResolver.create()
                        // The client sends pageNum/pageSize to every list operation; 11 of the 26 lists do not
                        // declare them. OpenAPI does not forbid undeclared query parameters and servers ignore
                        // them, so this is reported as a warning in the coverage report, not failed.
                        .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.WARN)
                        .build())
                .withWhitelist(whitelist)
                .build();
    }

    /** The departures from the spec the doc pages call for; see the class comment. */
    private static ValidationErrorsWhitelist whitelist(Set<String> undescribedStarts) {
        return ValidationErrorsWhitelist.create()
                .withRule(DOC_PAGES_ENVELOPE, allOf(isResponse(), responseStatusTypeIs(StatusType.SUCCESS),
                        anyOf(allOf(messageHasKey("validation.response.body.schema.required"),
                                        messageContainsRegexp("^Object has missing required properties"
                                                + " \\(\\[\"success\"]\\)$")),
                                allOf(messageHasKey("validation.response.body.schema.additionalProperties"),
                                        messageContainsRegexp("^Object instance has properties which are not"
                                                + " allowed by the schema: \\[\"code\",\"trace_id\"]$")),
                                messageHasKey("validation.response.body.unexpected"))))
                .withRule(ERROR_TRACE_ID, allOf(isResponse(),
                        messageHasKey("validation.response.body.schema.additionalProperties"),
                        anyOf(allOf(anyOf(responseStatusTypeIs(StatusType.CLIENT_ERROR),
                                                responseStatusTypeIs(StatusType.SERVER_ERROR)),
                                        messageContainsRegexp("^Object instance has properties which are not"
                                                + " allowed by the schema: \\[\"trace_id\"]$")),
                                allOf(responseStatusIs(400), messageContainsRegexp("^Object instance has"
                                        + " properties which are not allowed by the schema:"
                                        + " \\[\"trace_id\",\"violations\"]$")))))
                .withRule(UNDESCRIBED_ERROR_BODY, allOf(isResponse(),
                        anyOf(messageHasKey("validation.response.status.unknown"),
                                messageHasKey("validation.response.body.unexpected")),
                        anyOf(responseStatusTypeIs(StatusType.CLIENT_ERROR),
                                responseStatusTypeIs(StatusType.SERVER_ERROR))))
                .withRule(UNDESCRIBED_START_REQUEST, allOf(isRequest(),
                        messageHasKey("validation.request.body.unexpected"),
                        (message, operation, request, response) -> operation != null
                                && undescribedStarts.contains(operation.getMethod().name() + " "
                                + operation.getApiPath().original())));
    }

    /** The validator of the bundled, repaired spec; built once per JVM. */
    public static ContractValidator bundled() {
        ContractValidator v = bundled;
        if (v == null) {
            synchronized (ContractValidator.class) {
                v = bundled;
                if (v == null) {
                    v = new ContractValidator(ApiSpec.bundled().text(),
                            new OperationIndex(ApiSpec.bundled(), FamilyCatalog.bundled()));
                    bundled = v;
                }
            }
        }
        return v;
    }

    /**
     * Builds a validator for a spec text, for example to show that the unrepaired original cannot be
     * loaded. Family roles come from the bundled catalogue.
     *
     * @throws RuntimeException when swagger-request-validator cannot load the spec (its message lists why)
     */
    public static ContractValidator forSpec(String specText) {
        return new ContractValidator(specText, new OperationIndex(ApiSpec.parse(specText), FamilyCatalog.bundled()));
    }

    public OperationIndex operations() {
        return index;
    }

    /**
     * Everything {@code interaction} breaks, warnings included.
     *
     * @param token the bearer token the client was configured with, to check the header it sent; the
     *              simulator shows it masked, so there the mask is compared
     */
    public List<ContractViolation> check(Interaction interaction, String token) {
        Request request = request(interaction);
        ValidationReport report = interaction.answered()
                ? validator.validate(request, response(interaction))
                : validator.validateRequest(request);
        String fallbackOperation = interaction.method() + " " + interaction.path() + " (no operation of the spec)";
        Optional<OperationIndex.SpecOperation> specOperation = index.resolve(interaction.method(), interaction.path());
        String operation = specOperation.map(OperationIndex.SpecOperation::label).orElse(fallbackOperation);
        List<ContractViolation> found = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR && message.getLevel() != ValidationReport.Level.WARN) {
                continue;
            }
            boolean requestSide = message.getKey().startsWith("validation.request")
                    || message.getContext().flatMap(ValidationReport.MessageContext::getLocation)
                    .map(l -> l == ValidationReport.MessageContext.Location.REQUEST).orElse(false);
            if (requestSide && !interaction.sentByClient()) {
                continue;
            }
            found.add(new ContractViolation(operation, requestSide ? "request" : "response", message.getKey(),
                    field(message), text(message), message.getLevel() == ValidationReport.Level.WARN, interaction));
        }
        if (interaction.sentByClient()) {
            authorization(interaction, token, operation).ifPresent(found::add);
        }
        if (interaction.answered() && specOperation.isPresent()) {
            found.addAll(documented(interaction, specOperation.get()));
        }
        return found;
    }

    /** What every interaction breaks, warnings included, in order. */
    public List<ContractViolation> checkAll(Collection<Interaction> interactions, String token) {
        List<ContractViolation> all = new ArrayList<>();
        for (Interaction interaction : interactions) {
            all.addAll(check(interaction, token));
        }
        return all;
    }

    /**
     * Fails with one line per violation (operation, side, field, rule, message, exchange) when any
     * of {@code interactions} breaks the contract; warnings do not fail.
     */
    public void assertConform(Collection<Interaction> interactions, String token) {
        assertNoViolations(checkAll(interactions, token), interactions.size());
    }

    /** Fails with {@link #describe} when {@code found} holds anything but warnings. */
    public static void assertNoViolations(List<ContractViolation> found, int exchanges) {
        List<ContractViolation> violations = found.stream().filter(v -> !v.warning()).toList();
        if (!violations.isEmpty()) {
            throw new AssertionError(describe(violations, exchanges));
        }
    }

    /** The text {@link #assertConform} fails with. */
    public static String describe(List<ContractViolation> violations, int exchanges) {
        StringBuilder text = new StringBuilder().append(violations.size()).append(" contract violation")
                .append(violations.size() == 1 ? "" : "s").append(" in ").append(exchanges).append(" exchange")
                .append(exchanges == 1 ? "" : "s").append(':');
        int shown = 0;
        for (ContractViolation v : violations) {
            if (++shown > 50) {
                text.append("\n  ... and ").append(violations.size() - 50).append(" more");
                break;
            }
            text.append("\n  ").append(shown).append(". ").append(v.describe());
        }
        return text.toString();
    }

    private Optional<ContractViolation> authorization(Interaction interaction, String token, String operation) {
        Optional<String> header = interaction.requestHeader("Authorization");
        String why = null;
        if (header.isEmpty()) {
            why = "the request has no Authorization header";
        } else if (!header.get().startsWith("Bearer ") || header.get().substring(7).isBlank()
                || header.get().substring(7).contains(" ")) {
            why = "the Authorization header is not \"Bearer <token>\"";
        } else if (token != null) {
            String expected = interaction.source() == Interaction.Source.SIMULATOR ? TokenMask.mask(token) : token;
            if (!header.get().substring(7).equals(expected)) {
                why = "the bearer token is not the one the client was configured with";
            }
        }
        return Optional.ofNullable(why).map(w -> new ContractViolation(operation, "request", "a2e.request.authorization",
                "Authorization", w, false, interaction));
    }

    /**
     * The doc pages' rules for an answer, and for an error whose body the operation does not describe,
     * the spec's {@code ErrorResponse} (swagger-request-validator checks no body there).
     */
    private List<ContractViolation> documented(Interaction interaction, OperationIndex.SpecOperation operation) {
        List<ContractViolation> found = new ArrayList<>();
        for (DocumentedEnvelope.Problem p : envelope.check(operation, interaction.status(),
                interaction.responseHeader("Retry-After"), interaction.responseBody())) {
            String field = p.pointer().startsWith("/") ? dotted(p.pointer()) : p.pointer();
            found.add(new ContractViolation(operation.label(), "response", p.rule(), field, p.message(), false,
                    interaction));
        }
        if (interaction.status() >= 400 && !operation.describedStatuses().contains(String.valueOf(interaction.status()))
                && !operation.describedStatuses().contains("default")) {
            ValidationReport report = schemas.validate(interaction.responseBodyText(), errorResponse, "response.body");
            Request request = request(interaction);
            Response response = response(interaction);
            for (ValidationReport.Message message : report.getMessages()) {
                if (message.getLevel() == ValidationReport.Level.ERROR
                        && whitelist.whitelistedBy(message, null, request, response).isEmpty()) {
                    found.add(new ContractViolation(operation.label(), "response", message.getKey(), field(message),
                            text(message) + " (the spec describes no body for status " + interaction.status()
                                    + " of this operation, so it must be an ErrorResponse)", false, interaction));
                }
            }
        }
        return found;
    }

    private static Request request(Interaction interaction) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(interaction.method(), interaction.path());
        for (Map.Entry<String, List<String>> header : interaction.requestHeaders().entrySet()) {
            builder.withHeader(header.getKey(), header.getValue());
        }
        interaction.queryParameters().forEach(builder::withQueryParam);
        if (interaction.requestBody().length > 0) {
            builder.withBody(interaction.requestBody());
        }
        return builder.build();
    }

    private static Response response(Interaction interaction) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(interaction.status());
        for (Map.Entry<String, List<String>> header : interaction.responseHeaders().entrySet()) {
            builder.withHeader(header.getKey(), header.getValue());
        }
        if (interaction.responseBody().length > 0) {
            builder.withBody(interaction.responseBody());
        }
        return builder.build();
    }

    /** The offending field as a dotted path, a header or parameter name, or empty. */
    static String field(ValidationReport.Message message) {
        Optional<ValidationReport.MessageContext> context = message.getContext();
        Optional<String> parameter = context.flatMap(ValidationReport.MessageContext::getParameter)
                .map(p -> p.getName());
        if (parameter.isPresent()) {
            return parameter.get();
        }
        String key = message.getKey();
        if (key.contains(".security.")) {
            return "Authorization";
        }
        if (key.contains(".contentType.")) {
            return "Content-Type";
        }
        if (key.contains(".accept.")) {
            return "Accept";
        }
        if (key.endsWith(".status.unknown")) {
            return "status";
        }
        String pointer = context.flatMap(ValidationReport.MessageContext::getPointers)
                .map(ValidationReport.MessageContext.Pointers::getInstance).orElse("");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            return pointer;
        }
        String field = dotted(pointer);
        Matcher names = key.endsWith(".required") ? MISSING_REQUIRED.matcher(message.getMessage())
                : key.endsWith(".additionalProperties") ? NOT_ALLOWED.matcher(message.getMessage()) : null;
        if (names != null && names.find()) {
            String listed = names.group(1).replace("\"", "");
            return field.isEmpty() ? listed : field + "." + listed;
        }
        return field;
    }

    /** {@code /data/0/_id} → {@code data[0]._id}. */
    static String dotted(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(name);
            }
        }
        return out.toString();
    }

    private static String text(ValidationReport.Message message) {
        StringBuilder text = new StringBuilder(PATH_PREFIX.matcher(message.getMessage()).replaceFirst(""));
        for (ValidationReport.Message nested : message.getNestedMessages()) {
            text.append("; ").append(PATH_PREFIX.matcher(nested.getMessage()).replaceFirst(""));
        }
        String flat = text.toString().replace('\n', ' ');
        return flat.isBlank() ? message.getKey() : flat;
    }
}
