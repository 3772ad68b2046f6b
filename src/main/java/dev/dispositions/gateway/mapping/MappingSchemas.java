package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schemas of mapping files (mappings/dialer-mapping.schema.json, mappings/crm-mapping.schema.json),
 * the same ones editors use for completion. A file is checked against its schema before anything else.
 */
final class MappingSchemas {
    static final JsonSchema DIALER = load("mappings/dialer-mapping.schema.json");
    static final JsonSchema CRM = load("mappings/crm-mapping.schema.json");

    private MappingSchemas() {
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = MappingSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int rank(ValidationMessage m) {
        return switch (m.getType()) {
            case "enum", "const" -> 0;
            case "required", "additionalProperties" -> 1;
            case "pattern", "minimum", "minLength", "minItems" -> 2;
            case "type" -> 3;
            default -> 4;
        };
    }

    /** @return whether the file passed; each violation is added with its YAML path */
    static boolean check(JsonSchema schema, String file, JsonNode tree, List<MappingProblem> problems) {
        Set<ValidationMessage> messages = schema.validate(tree);
        // One problem per path, the most specific message first: a oneOf otherwise says "0 are valid" for a typo.
        Map<String, ValidationMessage> best = new java.util.TreeMap<>();
        for (ValidationMessage m : messages) {
            String path = m.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "");
            // A missing or unexpected key is named by its own path, not its parent's.
            if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType())) && m.getProperty() != null) {
                path = path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
            }
            best.merge(path, m, (a, b) -> rank(b) < rank(a) ? b : a);
        }
        best.forEach((path, m) -> {
            String message = m.getMessage();
            // The message repeats the location ("$.labels.busy: does not have a value in the enumeration [...]").
            int colon = message.indexOf(": ");
            problems.add(new MappingProblem(file, path, colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message));
        });
        return messages.isEmpty();
    }
}
