package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.fileserver.TokenCheck.Failure;
import io.cellota.server.fileserver.TokenCheck.Invalid;
import io.cellota.server.fileserver.TokenCheck.Valid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Download tokens: round trip, expiry, binding to package and secret, and hostile input of every kind. */
class DownloadTokensTest {

    private static final Instant NOW = Instant.parse("2030-05-01T12:00:00Z");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final byte[] secret = secret(1);
    private final DownloadTokens tokens = new DownloadTokens(secret, Duration.ofHours(2));

    @Test
    void a_token_names_its_endpoint_until_it_expires() {
        DownloadToken token = tokens.issue("pkg-1", "urn:imei:356938035643809", NOW);

        assertThat(token.expiry()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(tokens.verify(token.value(), "pkg-1", NOW)).isEqualTo(new Valid("urn:imei:356938035643809",
                token.expiry()));
        assertThat(tokens.verify(token.value(), "pkg-1", token.expiry().minusNanos(1))).isInstanceOf(Valid.class);
    }

    @Test
    void a_token_is_expired_from_its_expiry_on() {
        DownloadToken token = tokens.issue("pkg-1", "dev-1", NOW);

        assertFailure(tokens.verify(token.value(), "pkg-1", token.expiry()), Failure.EXPIRED);
        assertFailure(tokens.verify(token.value(), "pkg-1", token.expiry().plusSeconds(3600)), Failure.EXPIRED);
    }

    @Test
    void the_expiry_is_truncated_to_whole_seconds() {
        DownloadToken token = tokens.issue("pkg-1", "dev-1", NOW.plusMillis(999));

        assertThat(token.expiry()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void the_lifetime_is_configurable() {
        DownloadTokens shortLived = new DownloadTokens(secret, Duration.ofMinutes(5));

        assertThat(shortLived.issue("p", "d", NOW).expiry()).isEqualTo(NOW.plusSeconds(300));
        assertThat(shortLived.lifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_token_for_another_package_is_refused_as_wrong_package() {
        DownloadToken token = tokens.issue("pkg-1", "dev-1", NOW);

        assertFailure(tokens.verify(token.value(), "pkg-2", NOW), Failure.WRONG_PACKAGE);
    }

    @Test
    void a_token_made_with_another_secret_has_a_bad_mac() {
        DownloadToken foreign = new DownloadTokens(secret(2), Duration.ofHours(2)).issue("pkg-1", "dev-1", NOW);

        assertFailure(tokens.verify(foreign.value(), "pkg-1", NOW), Failure.BAD_MAC);
    }

    @Test
    void a_forged_endpoint_or_expiry_breaks_the_mac() {
        byte[] bytes = decode(tokens.issue("pkg-1", "dev-1", NOW).value());
        byte[] otherEndpoint = bytes.clone();
        otherEndpoint[10 + 4] = '2';
        byte[] later = bytes.clone();
        later[4]++;

        assertFailure(tokens.verify(encode(otherEndpoint), "pkg-1", NOW), Failure.BAD_MAC);
        assertFailure(tokens.verify(encode(later), "pkg-1", NOW), Failure.BAD_MAC);
    }

    @Test
    void no_single_bit_flip_gives_a_valid_token() {
        byte[] bytes = decode(tokens.issue("pkg-1", "dev-1", NOW).value());
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[i] ^= (byte) (1 << bit);

                assertThat(tokens.verify(encode(flipped), "pkg-1", NOW)).as("byte %d bit %d", i, bit)
                        .isInstanceOf(Invalid.class);
            }
        }
    }

    @Test
    void no_single_character_change_gives_a_valid_token() {
        String token = tokens.issue("pkg-1", "dev-1", NOW).value();
        for (int i = 0; i < token.length(); i++) {
            for (char c : ALPHABET.toCharArray()) {
                if (c != token.charAt(i)) {
                    String changed = token.substring(0, i) + c + token.substring(i + 1);

                    assertThat(tokens.verify(changed, "pkg-1", NOW)).as("%s", changed).isInstanceOf(Invalid.class);
                }
            }
        }
    }

    @Test
    void every_truncation_and_extension_is_malformed() {
        String token = tokens.issue("pkg-1", "dev-1", NOW).value();
        for (int length = 0; length < token.length(); length++) {
            assertFailure(tokens.verify(token.substring(0, length), "pkg-1", NOW), Failure.MALFORMED);
        }
        for (char c : ALPHABET.toCharArray()) {
            assertFailure(tokens.verify(token + c, "pkg-1", NOW), Failure.MALFORMED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "=", "====", "abc=", "a", "AAAA", "AAAAAAAA", "not a token", "a+b/c",
        "%41%41", "ä", "\u0000", "../../etc/passwd", "AQAAAAAAAAAAAQ", "AQAAAAAAAAAAAA"})
    void garbage_is_malformed(String garbage) {
        assertFailure(tokens.verify(garbage, "pkg-1", NOW), Failure.MALFORMED);
    }

    @Test
    void null_and_overlong_tokens_are_malformed_without_decoding() {
        assertFailure(tokens.verify(null, "pkg-1", NOW), Failure.MALFORMED);
        assertFailure(tokens.verify("A".repeat(DownloadTokens.MAX_TOKEN_CHARS + 1), "pkg-1", NOW), Failure.MALFORMED);
        assertFailure(tokens.verify("A".repeat(1_000_000), "pkg-1", NOW), Failure.MALFORMED);
    }

    @Test
    void padding_and_the_standard_alphabet_are_refused() {
        String token = tokens.issue("pkg-1", "dev-12", NOW).value();
        String padded = token + "=".repeat((4 - token.length() % 4) % 4);
        String standard = Base64.getEncoder().withoutPadding().encodeToString(decode(token));

        assertFailure(tokens.verify(padded, "pkg-1", NOW), Failure.MALFORMED);
        if (!standard.equals(token)) {
            assertFailure(tokens.verify(standard, "pkg-1", NOW), Failure.MALFORMED);
        }
    }

    @Test
    void an_unknown_version_and_a_wrong_endpoint_length_are_malformed() {
        byte[] bytes = decode(tokens.issue("pkg-1", "dev-1", NOW).value());
        byte[] version2 = bytes.clone();
        version2[0] = 2;
        byte[] longer = bytes.clone();
        longer[9] = 6;
        byte[] empty = bytes.clone();
        empty[9] = 0;

        for (byte[] token : List.of(version2, longer, empty)) {
            assertFailure(tokens.verify(encode(token), "pkg-1", NOW), Failure.MALFORMED);
        }
    }

    @Test
    void an_endpoint_that_is_not_utf8_is_malformed() {
        ByteBuffer token = ByteBuffer.allocate(10 + 2 + 16).put((byte) 1).putInt(Integer.MAX_VALUE).putInt(0)
                .put((byte) 2).put((byte) 0xC3).put((byte) 0x28);

        assertFailure(tokens.verify(encode(token.array()), "pkg-1", NOW), Failure.MALFORMED);
    }

    @Test
    void endpoints_of_one_to_255_utf8_bytes_round_trip() {
        for (String endpoint : List.of("d", "x".repeat(255), "gerät-ü", "urn:uuid:0ea6c2b4-1b0c-4bd9-8e5f-8a8a5f3f7b11")) {
            DownloadToken token = tokens.issue("pkg-1", endpoint, NOW);

            assertThat(tokens.verify(token.value(), "pkg-1", NOW)).isEqualTo(new Valid(endpoint, token.expiry()));
        }
    }

    @Test
    void an_empty_or_overlong_endpoint_and_an_unencodable_expiry_are_refused_when_issuing() {
        assertThatThrownBy(() -> tokens.issue("pkg-1", "", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue("pkg-1", "x".repeat(256), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue("pkg-1", "ü".repeat(128), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issueUntil("pkg-1", "d", Instant.parse("2106-02-08T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issueUntil("pkg-1", "d", Instant.parse("1969-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_short_secret_or_lifetime_is_refused_and_the_secret_is_copied() {
        assertThatThrownBy(() -> new DownloadTokens(new byte[31], Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DownloadTokens(secret, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] mutable = secret(3);
        DownloadTokens copied = new DownloadTokens(mutable, Duration.ofHours(1));
        DownloadToken token = copied.issue("pkg-1", "dev-1", NOW);
        Arrays.fill(mutable, (byte) 0);

        assertThat(copied.verify(token.value(), "pkg-1", NOW)).isInstanceOf(Valid.class);
    }

    @Test
    void tokens_are_deterministic_per_input_and_differ_between_devices() {
        assertThat(tokens.issue("pkg-1", "dev-1", NOW)).isEqualTo(tokens.issue("pkg-1", "dev-1", NOW));
        assertThat(tokens.issue("pkg-1", "dev-1", NOW).value()).isNotEqualTo(tokens.issue("pkg-1", "dev-2", NOW).value());
        assertThat(tokens.issue("pkg-1", "dev-1", NOW).value()).isNotEqualTo(tokens.issue("pkg-2", "dev-1", NOW).value());
    }

    @Test
    void a_token_is_short_url_safe_and_never_printed() {
        DownloadToken token = tokens.issue("pkg-1", "urn:imei:356938035643809", NOW);

        assertThat(token.value()).matches("[A-Za-z0-9_-]+").hasSize(67);
        assertThat(token.toString()).doesNotContain(token.value());
        assertThat(tokens.toString()).doesNotContain(Base64.getEncoder().encodeToString(secret));
        assertThat(new Credentials.Token(token.value()).toString()).doesNotContain(token.value());
    }

    @Test
    void fresh_secrets_are_32_random_bytes() {
        assertThat(DownloadTokens.newSecret()).hasSize(32).isNotEqualTo(DownloadTokens.newSecret());
    }

    private static void assertFailure(TokenCheck check, Failure failure) {
        assertThat(check).isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.failure())
                .as(invalid.detail()).isEqualTo(failure));
    }

    private static byte[] secret(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return bytes;
    }

    private static byte[] decode(String token) {
        return Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII));
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
