package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.fileserver.AccessDecision.Allowed;
import io.cellota.server.fileserver.AccessDecision.Denial;
import io.cellota.server.fileserver.AccessDecision.Denied;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The standard access rule: who asks (DTLS identity or token), then whether that device has a grant. */
class IdentityOrTokenAccessTest {

    private static final Instant NOW = Instant.parse("2030-05-01T12:00:00Z");

    private final DownloadTokens tokens = new DownloadTokens(filled(7), Duration.ofHours(1));
    private final MemoryDownloadGrants grants = new MemoryDownloadGrants();
    private final Map<String, String> pskIdentities = Map.of("psk-dev-1", "dev-1", "psk-dev-2", "dev-2");
    private final DownloadAccess access = new IdentityOrTokenAccess(tokens, this::endpointOf, grants);

    @Test
    void a_dtls_identity_with_a_grant_is_allowed_as_its_endpoint() {
        grants.grant("dev-1", "pkg", NOW.plusSeconds(60));

        assertThat(access.decide("pkg", psk("psk-dev-1"), NOW)).isEqualTo(new Allowed("dev-1"));
    }

    @Test
    void a_dtls_identity_without_a_grant_for_this_package_is_not_granted() {
        grants.grant("dev-1", "other", NOW.plusSeconds(60));
        grants.grant("dev-2", "pkg", NOW.plusSeconds(60));

        assertDenied(access.decide("pkg", psk("psk-dev-1"), NOW), Denial.NOT_GRANTED);
    }

    @Test
    void an_unknown_dtls_identity_is_refused_as_unknown() {
        grants.grant("dev-1", "pkg", NOW.plusSeconds(60));

        assertDenied(access.decide("pkg", psk("stranger"), NOW), Denial.UNKNOWN_IDENTITY);
        assertDenied(access.decide("pkg", new Credentials.Peer(new PeerIdentity.Other("Kerberos:x")), NOW),
                Denial.UNKNOWN_IDENTITY);
    }

    @Test
    void raw_public_keys_and_certificates_are_mapped_by_the_lookup() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        DownloadAccess byKey = new IdentityOrTokenAccess(tokens, identity ->
                identity instanceof PeerIdentity.RawPublicKey rpk && rpk.key().equals(key) ? Optional.of("dev-rpk")
                        : identity instanceof PeerIdentity.X509 x509 ? Optional.of(x509.commonName()) : Optional.empty(),
                grants);
        grants.grant("dev-rpk", "pkg", NOW.plusSeconds(60));
        grants.grant("dev-x509", "pkg", NOW.plusSeconds(60));

        assertThat(byKey.decide("pkg", new Credentials.Peer(new PeerIdentity.RawPublicKey(key)), NOW))
                .isEqualTo(new Allowed("dev-rpk"));
        assertThat(byKey.decide("pkg", new Credentials.Peer(new PeerIdentity.X509("dev-x509")), NOW))
                .isEqualTo(new Allowed("dev-x509"));
    }

    @Test
    void a_valid_token_with_a_grant_is_allowed_as_the_endpoint_it_names() {
        grants.grant("dev-1", "pkg", NOW.plusSeconds(60));

        assertThat(access.decide("pkg", token("pkg", "dev-1"), NOW)).isEqualTo(new Allowed("dev-1"));
    }

    @Test
    void a_valid_token_after_the_grant_was_revoked_is_not_granted() {
        grants.grant("dev-1", "pkg", NOW.plusSeconds(60));
        grants.revoke("dev-1", "pkg");

        assertDenied(access.decide("pkg", token("pkg", "dev-1"), NOW), Denial.NOT_GRANTED);
    }

    @Test
    void each_token_failure_has_its_own_denial() {
        grants.grant("dev-1", "pkg", NOW.plusSeconds(7200));
        Credentials expired = new Credentials.Token(tokens.issueUntil("pkg", "dev-1", NOW).value());
        Credentials foreign = new Credentials.Token(new DownloadTokens(filled(8), Duration.ofHours(1))
                .issue("pkg", "dev-1", NOW).value());

        assertDenied(access.decide("pkg", expired, NOW), Denial.TOKEN_EXPIRED);
        assertDenied(access.decide("pkg", token("other", "dev-1"), NOW), Denial.TOKEN_WRONG_PACKAGE);
        assertDenied(access.decide("pkg", foreign, NOW), Denial.TOKEN_BAD_MAC);
        assertDenied(access.decide("pkg", new Credentials.Token("garbage!"), NOW), Denial.TOKEN_MALFORMED);
    }

    @Test
    void no_credentials_are_refused() {
        assertDenied(access.decide("pkg", new Credentials.None(), NOW), Denial.NO_CREDENTIALS);
    }

    @Test
    void a_grant_lapses_at_its_deadline_and_purge_forgets_it() {
        grants.grant("dev-1", "pkg", NOW.plusSeconds(60));
        grants.grant("dev-2", "pkg", NOW.plusSeconds(600));

        assertThat(access.decide("pkg", psk("psk-dev-1"), NOW.plusSeconds(59))).isInstanceOf(Allowed.class);
        assertDenied(access.decide("pkg", psk("psk-dev-1"), NOW.plusSeconds(60)), Denial.NOT_GRANTED);
        assertThat(grants.purge(NOW.plusSeconds(60))).isEqualTo(1);
        assertThat(grants.size()).isEqualTo(1);
    }

    @Test
    void revoking_all_of_a_device_leaves_the_others() {
        grants.grant("dev-1", "a", NOW.plusSeconds(60));
        grants.grant("dev-1", "b", NOW.plusSeconds(60));
        grants.grant("dev-2", "a", NOW.plusSeconds(60));

        grants.revokeAll("dev-1");

        assertThat(grants.allows("dev-1", "a", NOW)).isFalse();
        assertThat(grants.allows("dev-1", "b", NOW)).isFalse();
        assertThat(grants.allows("dev-2", "a", NOW)).isTrue();
    }

    @Test
    void only_unauthenticated_denials_are_4_01() {
        assertThat(Arrays.stream(Denial.values()).filter(denial -> !denial.unauthenticated()))
                .containsExactlyInAnyOrder(Denial.NOT_GRANTED, Denial.TOKEN_WRONG_PACKAGE);
    }

    private Optional<String> endpointOf(PeerIdentity identity) {
        return identity instanceof PeerIdentity.Psk psk ? Optional.ofNullable(pskIdentities.get(psk.identity()))
                : Optional.empty();
    }

    private Credentials token(String packageId, String endpoint) {
        return new Credentials.Token(tokens.issue(packageId, endpoint, NOW).value());
    }

    private static Credentials psk(String identity) {
        return new Credentials.Peer(new PeerIdentity.Psk(identity));
    }

    private static void assertDenied(AccessDecision decision, Denial denial) {
        assertThat(decision).isInstanceOfSatisfying(Denied.class, denied -> assertThat(denied.denial())
                .as(denied.detail()).isEqualTo(denial));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
