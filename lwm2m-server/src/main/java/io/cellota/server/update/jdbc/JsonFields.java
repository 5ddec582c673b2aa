package io.cellota.server.update.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fields of one JSON object of a stored document, read strictly: each field must be present (an empty
 * {@code Optional} is an explicit {@code null}), of its one type, and {@link #finish()} refuses any field
 * nobody read. Every failure is a {@link CorruptDocumentException} naming the field's path.
 */
final class JsonFields {

    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The object {@code node} found at {@code path}; anything but an object is corrupt. */
    static JsonFields of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new CorruptDocumentException(path, "expected an object, found " + describe(node));
        }
        return new JsonFields(node, path);
    }

    String path() {
        return path;
    }

    String text(String name) {
        return required(name, JsonNode::isTextual, "a string").textValue();
    }

    Optional<String> optionalText(String name) {
        return nullable(name).map(v -> expect(name, v, JsonNode::isTextual, "a string or null").textValue());
    }

    long longValue(String name) {
        return required(name, v -> v.isIntegralNumber() && v.canConvertToLong(), "an integer").longValue();
    }

    boolean bool(String name) {
        return required(name, JsonNode::isBoolean, "true or false").booleanValue();
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        return toEnum(name, text(name), type);
    }

    <E extends Enum<E>> Optional<E> optionalEnum(String name, Class<E> type) {
        return optionalText(name).map(text -> toEnum(name, text, type));
    }

    /** An instant written exactly as {@link Instant#toString()} writes it, so that nothing is rounded. */
    Instant instant(String name) {
        return toInstant(name, text(name));
    }

    Optional<Instant> optionalInstant(String name) {
        return optionalText(name).map(text -> toInstant(name, text));
    }

    JsonFields object(String name) {
        return of(required(name, v -> true, "an object"), path + "." + name);
    }

    Optional<JsonFields> optionalObject(String name) {
        return nullable(name).map(v -> of(v, path + "." + name));
    }

    /** The array {@code name} of objects, each read by {@code reader}. */
    <T> List<T> objects(String name, Function<JsonFields, T> reader) {
        JsonNode array = required(name, JsonNode::isArray, "an array");
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(reader.apply(of(array.get(i), path + "." + name + "[" + i + "]")));
        }
        return values;
    }

    /** Refuses the fields nobody read: an unknown field means a format this code does not know. */
    void finish() {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CorruptDocumentException(path, "unknown field(s) " + unknown);
        }
    }

    CorruptDocumentException error(String name, String problem) {
        return new CorruptDocumentException(path + "." + name, problem);
    }

    private JsonNode required(String name, Predicate<JsonNode> type, String expected) {
        JsonNode value = present(name);
        if (value.isNull()) {
            throw error(name, "expected " + expected + ", found null");
        }
        return expect(name, value, type, expected);
    }

    private Optional<JsonNode> nullable(String name) {
        JsonNode value = present(name);
        return value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private JsonNode present(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw error(name, "missing");
        }
        read.add(name);
        return value;
    }

    private JsonNode expect(String name, JsonNode value, Predicate<JsonNode> type, String expected) {
        if (!type.test(value)) {
            throw error(name, "expected " + expected + ", found " + describe(value));
        }
        return value;
    }

    private <E extends Enum<E>> E toEnum(String name, String text, Class<E> type) {
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw error(name, "'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private Instant toInstant(String name, String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CorruptDocumentException(path + "." + name, "'" + text + "' is not an instant", e);
        }
        if (!instant.toString().equals(text)) {
            throw error(name, "'" + text + "' is not written as " + instant);
        }
        return instant;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
