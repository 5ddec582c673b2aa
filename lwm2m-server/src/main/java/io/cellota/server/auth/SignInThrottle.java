package io.cellota.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@value #FREE} failed sign-ins in a row for one name from one address, further
 * attempts are refused for a pause that doubles with each failure, from 30 s up to 15 min; a success clears it.
 * Keyed by name and address together, so a guesser elsewhere cannot lock a user out of their own desk. Bounded:
 * at most {@value #MAX_KEYS} keys, the oldest dropped first.
 */
public final class SignInThrottle {

    private static final int FREE = 5;
    private static final int MAX_KEYS = 10_000;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(30);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(15);

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** When {@code name} from {@code address} may try again, if it is blocked at {@code now}. */
    public Optional<Instant> blockedUntil(String name, String address, Instant now) {
        Failures f = failures.get(key(name, address));
        return f != null && now.isBefore(f.blockedUntil()) ? Optional.of(f.blockedUntil()) : Optional.empty();
    }

    public void failed(String name, String address, Instant now) {
        if (failures.size() >= MAX_KEYS) {
            failures.entrySet().stream().min(Map.Entry.comparingByValue(
                    java.util.Comparator.comparing(Failures::last))).ifPresent(e -> failures.remove(e.getKey()));
        }
        failures.compute(key(name, address), (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            Instant until = now;
            if (count >= FREE) {
                Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(count - FREE, 10));
                until = now.plus(pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause);
            }
            return new Failures(count, now, until);
        });
    }

    public void succeeded(String name, String address) {
        failures.remove(key(name, address));
    }

    private static String key(String name, String address) {
        return String.valueOf(name).toLowerCase(Locale.ROOT) + "\n" + address;
    }
}
