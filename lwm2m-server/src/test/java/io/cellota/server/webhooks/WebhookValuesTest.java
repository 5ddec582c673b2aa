package io.cellota.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event patterns, signatures and the retry schedule. */
class WebhookValuesTest {

    @Test
    void patterns_match_exact_types_prefixes_and_everything_and_refuse_what_is_not_one() {
        EventPatterns p = new EventPatterns(List.of("update.*", "device.registered"));

        assertThat(p.matches("update.phase")).isTrue();
        assertThat(p.matches("update.created")).isTrue();
        assertThat(p.matches("updates.phase")).isFalse();
        assertThat(p.matches("update")).isFalse();
        assertThat(p.matches("device.registered")).isTrue();
        assertThat(p.matches("device.deregistered")).isFalse();
        assertThat(new EventPatterns(List.of("*")).matches("campaign.wave")).isTrue();
        assertThat(EventPatterns.parse(p.joined())).isEqualTo(p);
        for (List<String> bad : List.of(List.<String>of(), List.of("update*"), List.of("Update.phase"), List.of("a,b"),
                List.of(""), List.of("*.phase"))) {
            assertThatThrownBy(() -> new EventPatterns(bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event");
        }
    }

    @Test
    void the_mac_is_hmac_sha256_as_rfc_4231_gives_it_and_the_header_signs_time_and_body() {
        // RFC 4231, test case 2
        assertThat(HexFormat.of().formatHex(Signature.hmac("Jefe",
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        byte[] body = "{\"type\":\"update.phase\"}".getBytes(StandardCharsets.UTF_8);
        String header = Signature.header("s3cret-s3cret-s3cret", 1_764_000_000L, body);

        assertThat(header).startsWith("t=1764000000,v1=").hasSize("t=1764000000,v1=".length() + 64);
        assertThat(header.substring(header.indexOf("v1=") + 3)).isEqualTo(HexFormat.of().formatHex(Signature.hmac(
                "s3cret-s3cret-s3cret", ("1764000000." + new String(body, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(Signature.verify("s3cret-s3cret-s3cret", header, body)).isTrue();
        assertThat(Signature.verify("another-secret-xx", header, body)).isFalse();
        assertThat(Signature.verify("s3cret-s3cret-s3cret", header, "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Signature.verify("s3cret-s3cret-s3cret", header.replace("t=1764000000", "t=1764000001"), body))
                .isFalse();
        assertThat(Signature.verify("s3cret-s3cret-s3cret", "garbage", body)).isFalse();
    }

    @Test
    void retries_double_from_the_first_wait_up_to_the_longest_and_stop_at_the_give_up_age() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofDays(3));
        Instant created = Instant.parse("2026-11-27T00:00:00Z");

        assertThat(List.of(1, 2, 3, 4, 6, 7, 8, 100).stream().map(policy::backoff)).containsExactly(
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80),
                Duration.ofSeconds(320), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10));
        assertThat(policy.givesUp(created, created.plus(Duration.ofDays(3)).minusSeconds(1))).isFalse();
        assertThat(policy.givesUp(created, created.plus(Duration.ofDays(3)))).isTrue();
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofMinutes(1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_webhook_url_is_absolute_http_or_https_with_a_host_and_nothing_secret_in_it() {
        assertThat(Webhook.checkedUrl("https://hooks.example.com/cellota?x=1")).hasHost("hooks.example.com");
        for (String bad : List.of("ftp://h/x", "/relative", "https://user:pw@h/x", "https:///nohost", "http://h/x#f",
                "not a uri")) {
            assertThatThrownBy(() -> Webhook.checkedUrl(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("url");
        }
    }
}
