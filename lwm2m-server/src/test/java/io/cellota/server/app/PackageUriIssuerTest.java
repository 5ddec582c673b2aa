package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.server.devices.DeviceCredential;
import io.cellota.server.devices.InMemoryCredentialRepository;
import io.cellota.server.fileserver.DownloadTokens;
import io.cellota.server.fileserver.MemoryDownloadGrants;
import io.cellota.server.fileserver.PackageUris;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PackageUriIssuerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final InMemoryCredentialRepository credentials = new InMemoryCredentialRepository();
    private final MemoryDownloadGrants grants = new MemoryDownloadGrants();
    private final AtomicInteger httpPort = new AtomicInteger();
    private final PackageUriIssuer issuer = new PackageUriIssuer(
            new DownloadTokens(DownloadTokens.newSecret(), Duration.ofHours(1)),
            () -> new PackageUris("fota.example", 5683, 5684, httpPort.get(), 0, "fw"), grants, credentials,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void coaps_is_offered_only_to_a_device_with_a_credential_since_its_access_rests_on_the_dtls_identity()
            throws Exception {
        credentials.put(new DeviceCredential.Psk("with-psk", "with-psk", new byte[16]));

        assertThat(issuer.protocols("with-psk")).containsExactlyInAnyOrder(ProtocolSupport.COAP, ProtocolSupport.COAPS);
        assertThat(issuer.protocols("no-security")).containsExactly(ProtocolSupport.COAP);
    }

    @Test
    void after_a_restart_the_active_updates_are_granted_their_packages_again() {
        DeviceUpdate active = DeviceUpdate.queued(UpdateId.random(), UpdateRequest.of("dev",
                new PackageFacts("pkg7", "2.0.0", 1000, "mcuboot")), NOW);

        issuer.regrant(List.of(active));

        assertThat(grants.allows("dev", "pkg7", NOW.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(grants.allows("dev", "pkg8", NOW)).isFalse();
    }

    @Test
    void http_is_offered_once_the_http_server_listens() {
        assertThat(issuer.protocols("dev")).doesNotContain(ProtocolSupport.HTTP);

        httpPort.set(8080);

        assertThat(issuer.protocols("dev")).contains(ProtocolSupport.HTTP);
    }

    @Test
    void a_uri_carries_a_token_and_grants_the_device_the_package_until_the_token_expires() {
        String uri = issuer.packageUri("dev", "pkg1", ProtocolSupport.COAP);

        assertThat(uri).startsWith("coap://fota.example:5683/fw/pkg1/");
        assertThat(uri.substring("coap://fota.example:5683/fw/pkg1/".length())).isNotEmpty();
        assertThat(grants.allows("dev", "pkg1", NOW.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(grants.allows("dev", "pkg1", NOW.plus(Duration.ofMinutes(61)))).isFalse();
        assertThat(grants.allows("other", "pkg1", NOW)).isFalse();
    }
}
