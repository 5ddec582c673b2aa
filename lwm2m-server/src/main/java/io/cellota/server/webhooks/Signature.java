package io.cellota.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed, so a receiver can tell it came from this server and was not altered or replayed
 * later: header {@code X-Cellota-Signature: t=<unix seconds>,v1=<hex>} where {@code hex} is
 * HMAC-SHA256(key = the webhook's secret as UTF-8, message = {@code t + "." + body}). A receiver recomputes it
 * over the raw body, compares in constant time, and rejects a {@code t} too far from its own clock.
 */
public final class Signature {

    public static final String HEADER = "X-Cellota-Signature";

    private Signature() {
    }

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    public static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, signedBytes(epochSeconds, body)));
    }

    /** Whether {@code header} is a valid signature of {@code body} under {@code secret} (receivers; tests). */
    public static boolean verify(String secret, String header, byte[] body) {
        if (header == null || !header.startsWith("t=") || !header.contains(",v1=")) {
            return false;
        }
        long t;
        try {
            t = Long.parseLong(header.substring(2, header.indexOf(",v1=")));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = header(secret, t, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.US_ASCII));
    }

    /** HMAC-SHA256 of {@code message} under the UTF-8 bytes of {@code key}. */
    static byte[] hmac(String key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private static byte[] signedBytes(long epochSeconds, byte[] body) {
        byte[] prefix = (epochSeconds + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        return all;
    }
}
