package io.cellota.server.webhooks;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which event types a webhook gets: exact types ({@code update.phase}), prefixes ending in {@code .*}
 * ({@code update.*} matches {@code update.phase} and {@code update.created}), or {@code *} for all.
 */
public record EventPatterns(List<String> patterns) {

    private static final Pattern ONE = Pattern.compile("\\*|[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*(\\.\\*)?");

    public EventPatterns {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty() || patterns.size() > 50) {
            throw new IllegalArgumentException("events must list 1 to 50 event types or patterns");
        }
        for (String p : patterns) {
            if (p == null || p.length() > 100 || !ONE.matcher(p).matches()) {
                throw new IllegalArgumentException("events: '" + p + "' is not an event type, a prefix such as "
                        + "'update.*', or '*'");
            }
        }
    }

    /** From the stored form, comma-separated. */
    public static EventPatterns parse(String commaSeparated) {
        return new EventPatterns(List.of(commaSeparated.split(",")));
    }

    public boolean matches(String type) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(type)
                    || p.endsWith(".*") && type.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The stored form. */
    public String joined() {
        return String.join(",", patterns);
    }
}
