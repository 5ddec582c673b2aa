package io.cellota.server.campaign.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fields of one JSON object, read strictly with their path ({@code pacing.maxPerCell}) in every message: a
 * field of the wrong type, or one nobody reads ({@link #finish()}), is an {@link IllegalArgumentException} saying
 * which and what was expected. A field set to {@code null} counts as absent.
 */
final class Fields {

    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The object {@code node} at {@code path} (empty for the whole body). */
    static Fields of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException((path.isEmpty() ? "the body" : "'" + path + "'")
                    + " must be a JSON object");
        }
        return new Fields(node, path);
    }

    /** The path of field {@code name}. */
    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    Optional<JsonNode> get(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> invalid(name, "is required and must be a string"));
    }

    Optional<String> optionalText(String name) {
        return get(name).map(v -> {
            if (!v.isTextual() || v.textValue().isEmpty()) {
                throw invalid(name, "must be a non-empty string");
            }
            return v.textValue();
        });
    }

    OptionalInt optionalInt(String name) {
        Optional<JsonNode> v = get(name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!v.get().isIntegralNumber() || !v.get().canConvertToInt()) {
            throw invalid(name, "must be an integer");
        }
        return OptionalInt.of(v.get().intValue());
    }

    OptionalLong optionalLong(String name) {
        Optional<JsonNode> v = get(name);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!v.get().isIntegralNumber() || !v.get().canConvertToLong()) {
            throw invalid(name, "must be an integer");
        }
        return OptionalLong.of(v.get().longValue());
    }

    Optional<Double> optionalNumber(String name) {
        return get(name).map(v -> {
            if (!v.isNumber()) {
                throw invalid(name, "must be a number");
            }
            return v.doubleValue();
        });
    }

    boolean bool(String name, boolean otherwise) {
        return get(name).map(v -> {
            if (!v.isBoolean()) {
                throw invalid(name, "must be true or false");
            }
            return v.booleanValue();
        }).orElse(otherwise);
    }

    Optional<Instant> optionalInstant(String name) {
        return optionalText(name).map(t -> {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeException e) {
                throw invalid(name, "must be an ISO-8601 time with an offset, such as 2026-05-01T01:00:00Z; was '"
                        + t + "'");
            }
        });
    }

    Optional<Duration> optionalDuration(String name) {
        return optionalText(name).map(t -> {
            try {
                return Duration.parse(t);
            } catch (DateTimeException e) {
                throw invalid(name, "must be an ISO-8601 duration such as PT48H or P7D; was '" + t + "'");
            }
        });
    }

    Optional<Fields> optionalObject(String name) {
        return get(name).map(v -> of(v, at(name)));
    }

    /** The elements of array {@code name}; empty when absent. */
    List<JsonNode> array(String name) {
        Optional<JsonNode> v = get(name);
        if (v.isPresent() && !v.get().isArray()) {
            throw invalid(name, "must be an array");
        }
        List<JsonNode> items = new ArrayList<>();
        v.ifPresent(a -> a.forEach(items::add));
        return items;
    }

    /** The strings of array {@code name}; empty when absent. */
    List<String> texts(String name) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : array(name)) {
            if (!item.isTextual()) {
                throw invalid(name, "must be an array of strings");
            }
            texts.add(item.textValue());
        }
        return texts;
    }

    /** Refuses a field nobody read: a typo would otherwise be ignored silently. */
    void finish() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new IllegalArgumentException("'" + at(name) + "' is not a field " + (path.isEmpty()
                        ? "of a campaign" : "of '" + path + "'") + "; known: "
                        + String.join(", ", new java.util.TreeSet<>(read)));
            }
        }
    }

    /** Builds a value, adding this object's path to the message of the {@link IllegalArgumentException} it throws. */
    <T> T build(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((path.isEmpty() ? "" : "'" + path + "': ") + e.getMessage(), e);
        }
    }

    IllegalArgumentException invalid(String name, String problem) {
        return new IllegalArgumentException("'" + at(name) + "' " + problem);
    }
}
