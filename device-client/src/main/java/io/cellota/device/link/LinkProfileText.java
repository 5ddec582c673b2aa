package io.cellota.device.link;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The text form of a {@link LinkProfile}, for command lines: a built-in name, then optional
 * {@code key=value} overrides, comma-separated, e.g. {@code nb-iot,down=20kbit,loss=0.1,rebind=30s}.
 * The keys, units and ranges are tabled in {@code docs/link-profiles.md}; the quantities themselves are
 * read by {@link LinkQuantities}.
 *
 * <p>All overrides are applied before the profile is built, so their order does not matter
 * ({@code mtu=9000,queue=64KiB} works on a base whose queue is smaller than 9000 bytes). A parsed profile
 * is named by its canonical text: the base, then only the fields that differ from it, in a fixed order
 * and in canonical units; so {@link #format} of a parsed profile is its name, and parsing that again gives
 * an equal profile.
 */
final class LinkProfileText {

    /** The override keys, in the order {@link #format} writes them. */
    static final List<String> KEYS =
            List.of("down", "up", "delay", "jitter", "loss", "reorder", "duplicate", "queue", "mtu", "overhead", "rebind");

    private LinkProfileText() {
    }

    /** Reads {@code text}; see the class comment. */
    static LinkProfile parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a link profile needs a name: one of " + builtInNames());
        }
        String[] parts = text.split(",", -1);
        String baseName = parts[0].strip();
        LinkProfile base = LinkProfile.named(baseName).orElseThrow(() -> failure(text,
                baseName.contains("=") ? "start with a built-in profile, one of " + builtInNames()
                        : "unknown link profile '" + baseName + "'; built in: " + builtInNames()));
        Fields fields = new Fields(base);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String override = parts[i].strip();
            int equals = override.indexOf('=');
            if (override.isEmpty()) {
                throw failure(text, "an empty override between commas");
            }
            if (equals < 0) {
                throw failure(text, "'" + override + "' is not key=value");
            }
            String key = override.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = override.substring(equals + 1).strip();
            if (!KEYS.contains(key)) {
                throw failure(text, "unknown key '" + key + "'; keys: " + String.join(", ", KEYS));
            }
            if (!seen.add(key)) {
                throw failure(text, "'" + key + "' is given twice");
            }
            if (value.isEmpty()) {
                throw failure(text, key + " has no value");
            }
            try {
                fields.apply(key, value);
            } catch (IllegalArgumentException e) {
                throw failure(text, key + "=" + value + ": " + e.getMessage());
            }
        }
        LinkProfile profile;
        try {
            profile = fields.build(base.name());
        } catch (IllegalArgumentException e) {
            throw failure(text, e.getMessage());
        }
        return profile.withName(format(base, profile));
    }

    /**
     * The text that {@link #parse} reads back as {@code profile} with every field equal: on the built-in
     * {@code profile} is named after (a parsed profile's name begins with it), else on {@code loopback}.
     */
    static String format(LinkProfile profile) {
        String name = profile.name();
        int comma = name.indexOf(',');
        LinkProfile base = LinkProfile.named(name)
                .or(() -> comma < 0 ? Optional.empty() : LinkProfile.named(name.substring(0, comma)))
                .orElse(LinkProfile.LOOPBACK);
        return format(base, profile);
    }

    /** {@code base}'s name, then the overrides that turn it into {@code profile}. */
    static String format(LinkProfile base, LinkProfile profile) {
        StringJoiner text = new StringJoiner(",");
        text.add(base.name());
        single(text, "down", base.downlink().rateBitsPerSecond(), profile.downlink().rateBitsPerSecond(),
                LinkQuantities::formatRate);
        single(text, "up", base.uplink().rateBitsPerSecond(), profile.uplink().rateBitsPerSecond(),
                LinkQuantities::formatRate);
        both(text, "delay", base, profile, PathProfile::delay, LinkQuantities::formatDuration);
        both(text, "jitter", base, profile, PathProfile::jitter, LinkQuantities::formatDuration);
        both(text, "loss", base, profile, PathProfile::loss, LinkQuantities::formatProbability);
        both(text, "reorder", base, profile, PathProfile::reorder, LinkQuantities::formatProbability);
        both(text, "duplicate", base, profile, PathProfile::duplicate, LinkQuantities::formatProbability);
        both(text, "queue", base, profile, PathProfile::queueLimitBytes, LinkQuantities::formatQueue);
        single(text, "mtu", base.mtu(), profile.mtu(), String::valueOf);
        single(text, "overhead", base.overheadBytes(), profile.overheadBytes(), String::valueOf);
        single(text, "rebind", base.natRebindInterval(), profile.natRebindInterval(),
                interval -> interval.map(LinkQuantities::formatDuration).orElse("off"));
        return text.toString();
    }

    private static <T> void single(StringJoiner text, String key, T base, T value, Function<T, String> format) {
        if (!value.equals(base)) {
            text.add(key + "=" + format.apply(value));
        }
    }

    /** A per-direction field: one value when both directions agree, else downlink/uplink. */
    private static <T> void both(StringJoiner text, String key, LinkProfile base, LinkProfile profile,
            Function<PathProfile, T> field, Function<T, String> format) {
        T down = field.apply(profile.downlink());
        T up = field.apply(profile.uplink());
        if (down.equals(field.apply(base.downlink())) && up.equals(field.apply(base.uplink()))) {
            return;
        }
        text.add(key + "=" + (down.equals(up) ? format.apply(down) : format.apply(down) + "/" + format.apply(up)));
    }

    private static String builtInNames() {
        return String.join(", ", LinkProfile.builtIns().stream().map(LinkProfile::name).toList());
    }

    private static IllegalArgumentException failure(String text, String message) {
        return new IllegalArgumentException("link profile \"" + text + "\": " + message);
    }

    /** The fields being overridden; each path field is validated as it is set, the whole profile at the end. */
    private static final class Fields {

        private PathProfile downlink;
        private PathProfile uplink;
        private int mtu;
        private int overheadBytes;
        private Optional<Duration> natRebindInterval;

        Fields(LinkProfile base) {
            downlink = base.downlink();
            uplink = base.uplink();
            mtu = base.mtu();
            overheadBytes = base.overheadBytes();
            natRebindInterval = base.natRebindInterval();
        }

        void apply(String key, String value) {
            switch (key) {
                case "down" -> downlink = downlink.withRate(LinkQuantities.rate(value));
                case "up" -> uplink = uplink.withRate(LinkQuantities.rate(value));
                case "delay" -> perDirection(value, LinkQuantities::duration, PathProfile::withDelay);
                case "jitter" -> perDirection(value, LinkQuantities::duration, PathProfile::withJitter);
                case "loss" -> perDirection(value, LinkQuantities::probability, PathProfile::withLoss);
                case "reorder" -> perDirection(value, LinkQuantities::probability, PathProfile::withReorder);
                case "duplicate" -> perDirection(value, LinkQuantities::probability, PathProfile::withDuplicate);
                case "queue" -> perDirection(value, LinkQuantities::queue, PathProfile::withQueueLimit);
                case "mtu" -> mtu = LinkQuantities.bytes(value);
                case "overhead" -> overheadBytes = LinkQuantities.bytes(value);
                case "rebind" -> natRebindInterval = value.equalsIgnoreCase("off") || value.equalsIgnoreCase("none")
                        ? Optional.empty() : Optional.of(LinkQuantities.duration(value));
                default -> throw new IllegalStateException("no rule for key " + key);
            }
        }

        LinkProfile build(String name) {
            return new LinkProfile(name, downlink, uplink, mtu, overheadBytes, natRebindInterval);
        }

        /** {@code value} for both directions, or {@code downlink/uplink}. */
        private <T> void perDirection(String value, Function<String, T> read, BiFunction<PathProfile, T, PathProfile> set) {
            String[] values = value.split("/", -1);
            if (values.length > 2) {
                throw new IllegalArgumentException("write one value for both directions, or downlink/uplink");
            }
            T down = read.apply(values[0].strip());
            T up = values.length == 1 ? down : read.apply(values[1].strip());
            downlink = set.apply(downlink, down);
            uplink = set.apply(uplink, up);
        }
    }
}
