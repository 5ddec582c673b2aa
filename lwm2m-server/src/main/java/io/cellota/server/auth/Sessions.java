package io.cellota.server.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in memory: a session ends after {@code idle} without a request, or {@code absolute}
 * after sign-in whatever happens, or at sign-out, or when its user's role or password changes or the user is
 * deleted. The cookie value (256 random bits) is not kept: sessions are found by its SHA-256, so a heap dump shows
 * no usable session. A restart of the server signs everyone out, which the console handles by showing the sign-in
 * page; see docs/console.md for why sessions are not in the database.
 */
public final class Sessions {

    /**
     * One signed-in user.
     *
     * @param user      who
     * @param role      their role at sign-in
     * @param csrfToken what mutating requests must echo in {@code X-CSRF-Token}
     * @param createdAt sign-in
     * @param lastSeen  the last request
     * @param expiresAt when it ends unless used again: the earlier of idle and absolute expiry
     */
    public record Session(String user, Role role, String csrfToken, Instant createdAt, Instant lastSeen,
                          Instant expiresAt) {
        public Session {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(role, "role");
        }

        @Override
        public String toString() {
            return "Session[user=" + user + ", role=" + role.word() + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A session just started, with the cookie value that names it (given to the browser once). */
    public record Started(String cookie, Session session) {
        @Override
        public String toString() {
            return "Started[" + session + "]";
        }
    }

    private static final int PURGE_ABOVE = 1000;

    private final Duration idle;
    private final Duration absolute;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();

    public Sessions(Duration idle, Duration absolute) {
        if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
            throw new IllegalArgumentException("session timeouts must be positive");
        }
        this.idle = idle;
        this.absolute = absolute;
    }

    public Started start(String user, Role role, Instant now) {
        if (byHash.size() > PURGE_ABOVE) {
            purge(now);
        }
        String cookie = randomText();
        Session session = new Session(user, role, randomText(), now, now, expiry(now, now));
        byHash.put(ApiTokens.sha256(cookie), session);
        return new Started(cookie, session);
    }

    /** The live session the cookie names, its idle expiry moved on by this use; empty when none or expired. */
    public Optional<Session> use(String cookie, Instant now) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 100) {
            return Optional.empty();
        }
        String key = ApiTokens.sha256(cookie);
        Session updated = byHash.computeIfPresent(key, (k, s) -> now.isBefore(s.expiresAt())
                ? new Session(s.user(), s.role(), s.csrfToken(), s.createdAt(), now, expiry(s.createdAt(), now))
                : null);
        return Optional.ofNullable(updated);
    }

    /** Ends the session the cookie names (sign-out). */
    public void end(String cookie) {
        if (cookie != null && !cookie.isEmpty()) {
            byHash.remove(ApiTokens.sha256(cookie));
        }
    }

    /** Ends every session of {@code user} but the one {@code keepCookie} names (may be null). */
    public void endAllOf(String user, String keepCookie) {
        String keep = keepCookie == null ? null : ApiTokens.sha256(keepCookie);
        byHash.entrySet().removeIf(e -> e.getValue().user().equals(user) && !e.getKey().equals(keep));
    }

    /** How many sessions are live at {@code now}. */
    public long live(Instant now) {
        return byHash.values().stream().filter(s -> now.isBefore(s.expiresAt())).count();
    }

    /** Forgets expired sessions. */
    public void purge(Instant now) {
        byHash.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    public Duration idle() {
        return idle;
    }

    public Duration absolute() {
        return absolute;
    }

    private Instant expiry(Instant createdAt, Instant lastSeen) {
        Instant byIdle = lastSeen.plus(idle);
        Instant byAge = createdAt.plus(absolute);
        return byIdle.isBefore(byAge) ? byIdle : byAge;
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
