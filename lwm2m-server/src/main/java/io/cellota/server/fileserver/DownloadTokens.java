package io.cellota.server.fileserver;

import io.cellota.server.fileserver.TokenCheck.Failure;
import io.cellota.server.fileserver.TokenCheck.Invalid;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies the download tokens of CoAP and HTTP Package URIs: unguessable, expiring, bound to one
 * package and one device endpoint, and checkable without any stored state. A token is the base64url text
 * (RFC 4648 §5, no padding) of
 * <pre>
 *   version    1 byte   = 1
 *   expiry     4 bytes  seconds since the epoch, unsigned big-endian (valid while now &lt; expiry)
 *   package    4 bytes  the first 4 bytes of SHA-256(package id), to tell "wrong package" apart in logs
 *   length     1 byte   n, the endpoint's length in UTF-8 bytes, 1..255
 *   endpoint   n bytes  the device endpoint name, UTF-8
 *   mac        16 bytes HMAC-SHA256(secret, "cellota-fw-token" 0x00 || all of the above || package id)
 *                       truncated to 128 bits (RFC 2104 §5)
 * </pre>
 * The MAC covers the whole package id, so a token opens exactly one package. A 12-character endpoint gives a
 * 38-byte, 51-character token. Checks run in the order of {@link Failure}; the MAC is compared in constant
 * time. The package fingerprint is checked before the MAC: {@code WRONG_PACKAGE} is a diagnosis, not a proof
 * of authenticity; either way the request is refused.
 *
 * <p>The secret (at least 32 bytes) never leaves this object and is not shown by {@link #toString()}.
 * Thread-safe.
 */
public final class DownloadTokens {

    /** The longest token text accepted; longer input is refused before it is decoded. */
    public static final int MAX_TOKEN_CHARS = 400;
    /** The fewest secret bytes accepted. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final byte VERSION = 1;
    private static final int FINGERPRINT_BYTES = 4;
    private static final int MAC_BYTES = 16;
    private static final int HEADER_BYTES = 1 + 4 + FINGERPRINT_BYTES + 1;
    private static final int MAX_ENDPOINT_BYTES = 255;
    private static final byte[] LABEL = "cellota-fw-token\0".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_EXPIRY = 0xFFFF_FFFFL;

    private final SecretKeySpec key;
    private final Duration lifetime;

    /**
     * @param secret   the server secret, at least {@link #MIN_SECRET_BYTES} bytes; copied
     * @param lifetime how long a token issued by {@link #issue(String, String, Instant)} is accepted, at least
     *                 one second
     */
    public DownloadTokens(byte[] secret, Duration lifetime) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the token lifetime must be at least one second, was " + lifetime);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.lifetime = lifetime;
    }

    /** A fresh random secret of 32 bytes, for a server that has none configured (tokens die with it). */
    public static byte[] newSecret() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A token for {@code endpoint} to fetch {@code packageId}, accepted until {@code now} plus the lifetime. */
    public DownloadToken issue(String packageId, String endpoint, Instant now) {
        return issueUntil(packageId, endpoint, now.plus(lifetime));
    }

    /**
     * A token accepted until {@code expiry}, truncated to whole seconds.
     *
     * @throws IllegalArgumentException when the endpoint is empty or longer than 255 UTF-8 bytes, or the
     *                                  expiry is before 1970 or after 2106
     */
    public DownloadToken issueUntil(String packageId, String endpoint, Instant expiry) {
        Objects.requireNonNull(packageId, "packageId");
        byte[] name = endpoint.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > MAX_ENDPOINT_BYTES) {
            throw new IllegalArgumentException("an endpoint in a token has 1.." + MAX_ENDPOINT_BYTES
                    + " UTF-8 bytes, this one " + name.length);
        }
        long seconds = expiry.getEpochSecond();
        if (seconds < 0 || seconds > MAX_EXPIRY) {
            throw new IllegalArgumentException("a token expiry must lie in 1970..2106, was " + expiry);
        }
        ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + name.length + MAC_BYTES);
        token.put(VERSION).putInt((int) seconds).put(fingerprint(packageId)).put((byte) name.length).put(name);
        token.put(mac(token.array(), token.position(), packageId));
        return new DownloadToken(Base64.getUrlEncoder().withoutPadding().encodeToString(token.array()),
                Instant.ofEpochSecond(seconds));
    }

    /** Whether {@code token} opens {@code packageId} at {@code now}, and for which device. */
    public TokenCheck verify(String token, String packageId, Instant now) {
        Objects.requireNonNull(packageId, "packageId");
        Objects.requireNonNull(now, "now");
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return malformed("a token has 1.." + MAX_TOKEN_CHARS + " characters, this one "
                    + (token == null ? 0 : token.length()));
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return malformed("character " + i + " is not base64url");
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return malformed("not base64url: " + e.getMessage());
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
            return malformed("not in canonical base64url");
        }
        if (bytes.length < HEADER_BYTES + 1 + MAC_BYTES || bytes[0] != VERSION) {
            return malformed(bytes.length < 1 ? "empty" : "unknown version or too short (" + bytes.length + " bytes)");
        }
        int nameLength = bytes[HEADER_BYTES - 1] & 0xFF;
        if (nameLength == 0 || bytes.length != HEADER_BYTES + nameLength + MAC_BYTES) {
            return malformed("length " + bytes.length + " does not fit an endpoint of " + nameLength + " bytes");
        }
        String endpoint;
        try {
            endpoint = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, HEADER_BYTES, nameLength)).toString();
        } catch (CharacterCodingException e) {
            return malformed("the endpoint is not UTF-8");
        }
        if (!Arrays.equals(bytes, 5, 5 + FINGERPRINT_BYTES, fingerprint(packageId), 0, FINGERPRINT_BYTES)) {
            return new Invalid(Failure.WRONG_PACKAGE, "issued to " + printable(endpoint) + " for another package");
        }
        int signed = HEADER_BYTES + nameLength;
        if (!MessageDigest.isEqual(mac(bytes, signed, packageId), Arrays.copyOfRange(bytes, signed, bytes.length))) {
            return new Invalid(Failure.BAD_MAC, "the MAC does not match (claims endpoint " + printable(endpoint) + ")");
        }
        Instant expiry = Instant.ofEpochSecond(ByteBuffer.wrap(bytes, 1, 4).getInt() & 0xFFFF_FFFFL);
        if (!now.isBefore(expiry)) {
            return new Invalid(Failure.EXPIRED, "issued to " + printable(endpoint) + ", expired at " + expiry);
        }
        return new TokenCheck.Valid(endpoint, expiry);
    }

    @Override
    public String toString() {
        return "DownloadTokens[lifetime=" + lifetime + "]";
    }

    private byte[] mac(byte[] token, int length, String packageId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            mac.update(token, 0, length);
            mac.update(packageId.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    private static byte[] fingerprint(String packageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(packageId.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, FINGERPRINT_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static Invalid malformed(String detail) {
        return new Invalid(Failure.MALFORMED, detail);
    }

    /** An unauthenticated endpoint name, safe to log: control characters replaced, at most 64 characters. */
    private static String printable(String endpoint) {
        CharBuffer out = CharBuffer.allocate(Math.min(endpoint.length(), 64));
        for (int i = 0; i < out.capacity(); i++) {
            char c = endpoint.charAt(i);
            out.put(Character.isISOControl(c) ? '?' : c);
        }
        return "'" + out.flip() + (endpoint.length() > 64 ? "…'" : "'");
    }
}
