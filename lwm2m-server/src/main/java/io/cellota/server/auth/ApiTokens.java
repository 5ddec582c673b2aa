package io.cellota.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks API tokens. A token reads {@code cellota_<id>_<secret>}: the id (16 hex digits) finds the row,
 * the secret (256 random bits, base64url) is compared by its SHA-256 in constant time. The prefix lets secret
 * scanners recognise a leaked token. The whole token is returned once, by {@link #create}; the server keeps only the
 * hash, so a lost token is revoked and replaced, never shown again. Uses are recorded at most once a minute per
 * token, so a busy integration does not write to the database on every request.
 */
public final class ApiTokens {

    /** What every token starts with. */
    public static final String PREFIX = "cellota_";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A token just made: its record and the whole token text, to show once. */
    public record Issued(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    private final JdbcApiTokenStore store;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();

    public ApiTokens(JdbcApiTokenStore store) {
        this.store = store;
    }

    /** Makes a token; {@code expiresAt}, when given, must be after {@code now}. */
    public Issued create(String name, Role role, String createdBy, Optional<Instant> expiresAt, Instant now)
            throws AccountException {
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new AccountException(AccountException.Reason.INVALID, "expiresAt must be in the future");
        }
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiToken token;
        try {
            token = new ApiToken(HexFormat.of().formatHex(idBytes), name, role, createdBy, now, expiresAt,
                    Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new AccountException(AccountException.Reason.INVALID, e.getMessage());
        }
        store.insert(token, sha256(secret));
        return new Issued(token, PREFIX + token.id() + "_" + secret);
    }

    /** The token {@code presented} is, if it is one, known, matching and not expired at {@code now}. */
    public Optional<ApiToken> verify(String presented, Instant now) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() < PREFIX.length() + 18
                || presented.charAt(PREFIX.length() + 16) != '_') {
            return Optional.empty();
        }
        String id = presented.substring(PREFIX.length(), PREFIX.length() + 16);
        String secret = presented.substring(PREFIX.length() + 17);
        if (!ApiToken.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Optional<JdbcApiTokenStore.Stored> stored = store.find(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        boolean same = MessageDigest.isEqual(sha256(secret).getBytes(StandardCharsets.US_ASCII),
                stored.get().secretHash().getBytes(StandardCharsets.US_ASCII));
        if (!same || stored.get().token().expired(now)) {
            return Optional.empty();
        }
        Instant last = touched.get(id);
        if (last == null || !now.isBefore(last.plus(TOUCH_EVERY))) {
            touched.put(id, now);
            store.touch(id, now);
        }
        return Optional.of(stored.get().token());
    }

    public List<ApiToken> list(int offset, int limit) {
        return store.list(offset, limit);
    }

    public long count() {
        return store.count();
    }

    public Optional<ApiToken> find(String id) {
        return store.find(id).map(JdbcApiTokenStore.Stored::token);
    }

    /** Revokes the token: it stops working at once. */
    public void revoke(String id) throws AccountException {
        if (!store.delete(id)) {
            throw new AccountException(AccountException.Reason.NO_SUCH_TOKEN, "no token '" + id + "'");
        }
        touched.remove(id);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
