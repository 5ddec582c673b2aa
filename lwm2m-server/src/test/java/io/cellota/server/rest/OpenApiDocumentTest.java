package io.cellota.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document read on its own: it is OpenAPI 3.1 that swagger-parser reads without a single message; it
 * states the whole {@link ApiError} catalogue, each code with its status; every error response an operation
 * declares shows only codes of that status, with bodies that match the {@code Error} schema; and every API
 * operation needs the bearer token but the document itself.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "head", "patch", "options", "trace");
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    private final ApiSchemas api = ApiSchemas.load();
    private final JsonNode document = api.document();

    @Test
    void swagger_parser_reads_the_document_as_openapi_3_1_without_a_single_message() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(
                new String(ApiSchemas.bytes(), StandardCharsets.UTF_8), null, options);

        assertThat(result.getMessages()).isEmpty();
        OpenAPI openApi = result.getOpenAPI();
        assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
        assertThat(openApi.getPaths()).containsKeys("/api/v1/devices", "/api/v1/updates", "/api/v1/events", "/fw/{id}");
        assertThat(openApi.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
    }

    @Test
    void the_error_catalogue_is_stated_code_by_code_with_each_status() {
        Map<String, Integer> documented = new HashMap<>();
        for (JsonNode entry : document.at("/components/schemas/ErrorCode/oneOf")) {
            assertThat(documented.put(entry.get("const").asText(), entry.get("x-http-status").asInt())).as("twice: " + entry)
                    .isNull();
            assertThat(entry.path("description").asText()).as(entry.toString()).isNotBlank();
        }

        assertThat(documented).isEqualTo(Arrays.stream(ApiError.values())
                .collect(Collectors.toMap(ApiError::code, ApiError::status)));
    }

    @Test
    void every_error_response_shows_only_codes_of_its_status_and_every_code_has_an_example_body() {
        Map<String, ApiError> catalogue = Arrays.stream(ApiError.values())
                .collect(Collectors.toMap(ApiError::code, Function.identity()));
        Set<String> exemplified = new HashSet<>();
        List<String> problems = new ArrayList<>();

        for (Map.Entry<String, JsonNode> response : document.at("/components/responses").properties()) {
            JsonNode json = response.getValue().path("content").path("application/json");
            if (!json.path("schema").path("$ref").asText().equals(ERROR_SCHEMA)) {
                continue;
            }
            assertThat(json.path("examples").size()).as(response.getKey() + " has examples").isPositive();
            for (Map.Entry<String, JsonNode> example : json.path("examples").properties()) {
                JsonNode body = example.getValue().get("value");
                String code = body.at("/error/code").asText();
                assertThat(example.getKey()).as("an example is named by its code").isEqualTo(code);
                exemplified.add(code);
                problems.addAll(api.problems("Error", body));
            }
        }
        for (Operation op : operations()) {
            for (Map.Entry<String, JsonNode> status : op.node().path("responses").properties()) {
                JsonNode examples = api.resolve(status.getValue()).path("content").path("application/json").path("examples");
                for (JsonNode example : examples) {
                    String code = example.at("/value/error/code").asText();
                    assertThat(catalogue.get(code).status()).as("%s %s answers %s with %s", op.method(), op.path(),
                            status.getKey(), code).isEqualTo(Integer.parseInt(status.getKey()));
                }
            }
        }

        assertThat(problems).isEmpty();
        assertThat(exemplified).isEqualTo(catalogue.keySet());
    }

    @Test
    void every_api_operation_needs_the_bearer_token_and_says_401_except_the_document_itself() {
        assertThat(document.at("/security/0/bearer").isArray()).isTrue();

        for (Operation op : operations()) {
            JsonNode security = op.node().path("security");
            boolean open = op.node().has("security") && (security.isEmpty() || security.get(0).isEmpty());
            boolean api = op.path().startsWith("/api/") && !op.path().equals(OpenApiDocument.PATH);
            boolean ownToken = security.size() > 1;

            assertThat(open).as("%s %s is open", op.method(), op.path()).isEqualTo(!api);
            assertThat(op.node().path("responses").has("401")).as("%s %s documents 401", op.method(), op.path())
                    .isEqualTo(api || ownToken);
        }
    }

    @Test
    void the_metrics_are_open_unless_their_own_token_is_configured() {
        JsonNode metrics = document.at("/paths/~1metrics/get");

        assertThat(metrics.at("/security/0").isEmpty()).isTrue();
        assertThat(metrics.at("/security/1/metricsToken").isArray()).isTrue();
        assertThat(metrics.at("/responses/401").isMissingNode()).isFalse();
    }

    @Test
    void every_operation_has_its_own_id_a_summary_and_a_success() {
        Set<String> ids = new HashSet<>();
        for (Operation op : operations()) {
            String id = op.node().path("operationId").asText();

            assertThat(ids.add(id)).as("%s %s: operationId '%s' is unique", op.method(), op.path(), id).isTrue();
            assertThat(op.node().path("summary").asText()).as(id).isNotBlank();
            assertThat(op.node().path("responses").properties()).as(id)
                    .anyMatch(status -> status.getKey().startsWith("2"));
        }
        assertThat(ids).hasSizeGreaterThan(15);
    }

    /** One operation of the document. */
    record Operation(String method, String path, JsonNode node) {
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> item : path.getValue().properties()) {
                if (METHODS.contains(item.getKey())) {
                    operations.add(new Operation(item.getKey(), path.getKey(), item.getValue()));
                }
            }
        }
        return operations;
    }
}
