package io.cellota.server.repository;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Package ids: {@code fw-} and 16 lower-case base32 characters (80 random bits), unguessable and URL-safe. */
final class PackageIds {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern ID = Pattern.compile("fw-[a-z2-7]{16}");

    private final SecureRandom random = new SecureRandom();

    String next() {
        StringBuilder id = new StringBuilder("fw-");
        for (int i = 0; i < 16; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    /** Whether {@code text} has the form of an id, before it is looked up. */
    static boolean isWellFormed(String text) {
        return text != null && ID.matcher(text).matches();
    }
}
