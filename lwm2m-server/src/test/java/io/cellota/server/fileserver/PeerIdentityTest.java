package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.junit.jupiter.api.Test;

/** Scandium's principals as delivery's peer identities. */
class PeerIdentityTest {

    @Test
    void a_plain_coap_peer_has_no_identity() {
        assertThat(PeerIdentity.of(null)).isEmpty();
    }

    @Test
    void a_psk_identity_keeps_its_name() {
        assertThat(PeerIdentity.of(new PreSharedKeyIdentity("dev-1"))).contains(new PeerIdentity.Psk("dev-1"));
        assertThat(PeerIdentity.of(new PreSharedKeyIdentity("fota.example.net", "dev-1")))
                .contains(new PeerIdentity.Psk("dev-1"));
    }

    @Test
    void a_raw_public_key_keeps_its_key() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();

        assertThat(PeerIdentity.of(new RawPublicKeyIdentity(key))).contains(new PeerIdentity.RawPublicKey(key));
    }

    @Test
    void a_certificate_subject_gives_its_common_name() {
        assertThat(PeerIdentity.of(new X500Principal("CN=dev-7, O=Cellota, C=DE"))).contains(new PeerIdentity.X509("dev-7"));
        assertThat(PeerIdentity.of(new X500Principal("O=Cellota"))).contains(new PeerIdentity.Other("O=Cellota"));
    }

    @Test
    void any_other_principal_is_kept_for_the_log() {
        assertThat(PeerIdentity.of(() -> "someone")).hasValueSatisfying(identity ->
                assertThat(identity).isInstanceOf(PeerIdentity.Other.class));
    }
}
