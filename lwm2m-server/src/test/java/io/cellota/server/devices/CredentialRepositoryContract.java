package io.cellota.server.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CredentialRepository} contract: each mode round-trips, a PSK identity belongs to one device at a
 * time (also when devices race for it), a put replaces a device's credential, pages come by endpoint name.
 * Run on {@link InMemoryCredentialRepository} ({@link InMemoryCredentialRepositoryTest}), H2
 * ({@link JdbcCredentialRepositoryTest}) and PostgreSQL ({@link JdbcCredentialRepositoryPostgresIT}).
 */
public abstract class CredentialRepositoryContract {

    CredentialRepository repository;

    /** A new, empty repository. */
    protected abstract CredentialRepository newRepository();

    @BeforeEach
    void emptyRepository() {
        repository = newRepository();
    }

    @Test
    void every_mode_round_trips_by_endpoint() throws Exception {
        DeviceCredential psk = psk("dev-psk", "id-1", 16);
        DeviceCredential p256 = new DeviceCredential.Rpk("dev-p256", ecKey("secp256r1"));
        DeviceCredential p384 = new DeviceCredential.Rpk("dev-p384", ecKey("secp384r1"));
        DeviceCredential x509 = new DeviceCredential.X509("dev-x509");
        for (DeviceCredential credential : List.of(psk, p256, p384, x509)) {
            repository.put(credential);
        }

        for (DeviceCredential credential : List.of(psk, p256, p384, x509)) {
            assertThat(repository.byEndpoint(credential.endpoint())).hasValue(credential);
        }
        assertThat(repository.byEndpoint("dev-none")).isEmpty();
    }

    @Test
    void keys_of_every_length_round_trip_byte_for_byte() throws Exception {
        for (int length : new int[] {8, 9, 32, 63, 64}) {
            DeviceCredential.Psk psk = psk("dev-" + length, "id-" + length, length);
            repository.put(psk);

            assertThat(repository.byPskIdentity("id-" + length)).hasValue(psk);
        }
    }

    @Test
    void a_psk_is_found_by_its_identity_and_only_a_psk() throws Exception {
        DeviceCredential.Psk psk = psk("dev-1", "Client_identity!~", 16);
        repository.put(psk);
        repository.put(new DeviceCredential.X509("dev-2"));

        assertThat(repository.byPskIdentity("Client_identity!~")).hasValue(psk);
        assertThat(repository.byPskIdentity("client_identity!~")).as("identities are case-sensitive").isEmpty();
        assertThat(repository.byPskIdentity("dev-2")).isEmpty();
    }

    @Test
    void a_put_replaces_the_devices_credential_whatever_the_mode() throws Exception {
        repository.put(psk("dev-1", "id-old", 16));
        DeviceCredential.Rpk rpk = new DeviceCredential.Rpk("dev-1", ecKey("secp256r1"));
        repository.put(rpk);
        assertThat(repository.byEndpoint("dev-1")).hasValue(rpk);
        assertThat(repository.byPskIdentity("id-old")).isEmpty();

        repository.put(new DeviceCredential.X509("dev-1"));
        DeviceCredential.Psk renewed = psk("dev-1", "id-new", 32);
        repository.put(renewed);

        assertThat(repository.byEndpoint("dev-1")).hasValue(renewed);
        assertThat(repository.list(0, 10)).containsExactly(renewed);
    }

    @Test
    void a_device_may_put_its_own_identity_again_with_a_new_key() throws Exception {
        repository.put(psk("dev-1", "id-1", 16));
        DeviceCredential.Psk rotated = psk("dev-1", "id-1", 32);

        repository.put(rotated);

        assertThat(repository.byPskIdentity("id-1")).hasValue(rotated);
    }

    @Test
    void a_psk_identity_of_another_device_is_a_conflict_and_changes_nothing() throws Exception {
        DeviceCredential.Psk holder = psk("dev-1", "shared-id", 16);
        DeviceCredential other = new DeviceCredential.X509("dev-2");
        repository.put(holder);
        repository.put(other);

        assertThatThrownBy(() -> repository.put(psk("dev-2", "shared-id", 16)))
                .isInstanceOf(CredentialConflictException.class).hasMessageContaining("shared-id")
                .hasMessageContaining("dev-1");
        assertThatThrownBy(() -> repository.put(psk("dev-3", "shared-id", 16)))
                .isInstanceOf(CredentialConflictException.class);

        assertThat(repository.byEndpoint("dev-2")).hasValue(other);
        assertThat(repository.byEndpoint("dev-3")).isEmpty();
        assertThat(repository.byPskIdentity("shared-id")).hasValue(holder);
    }

    @Test
    void an_identity_freed_by_a_removal_or_a_change_may_be_taken() throws Exception {
        repository.put(psk("dev-1", "id-a", 16));
        repository.put(psk("dev-2", "id-b", 16));
        repository.remove("dev-1");
        repository.put(new DeviceCredential.X509("dev-2"));

        repository.put(psk("dev-3", "id-a", 16));
        repository.put(psk("dev-4", "id-b", 16));

        assertThat(repository.byPskIdentity("id-a")).map(DeviceCredential::endpoint).hasValue("dev-3");
        assertThat(repository.byPskIdentity("id-b")).map(DeviceCredential::endpoint).hasValue("dev-4");
    }

    @Test
    void remove_says_whether_the_device_had_a_credential() throws Exception {
        repository.put(new DeviceCredential.X509("dev-1"));

        assertThat(repository.remove("dev-1")).isTrue();
        assertThat(repository.remove("dev-1")).isFalse();
        assertThat(repository.byEndpoint("dev-1")).isEmpty();
    }

    @Test
    void pages_come_in_endpoint_order() throws Exception {
        for (String endpoint : List.of("sensor-05", "sensor-01", "sensor-07", "meter-2", "sensor-03", "meter-1",
                "sensor-10")) {
            repository.put(new DeviceCredential.X509(endpoint));
        }

        assertThat(endpoints(0, 3)).containsExactly("meter-1", "meter-2", "sensor-01");
        assertThat(endpoints(3, 3)).containsExactly("sensor-03", "sensor-05", "sensor-07");
        assertThat(endpoints(6, 3)).containsExactly("sensor-10");
        assertThat(endpoints(7, 3)).isEmpty();
        assertThat(endpoints(0, 0)).isEmpty();
        assertThatThrownBy(() -> repository.list(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository.list(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void devices_racing_for_one_identity_leave_it_to_exactly_one() throws Exception {
        List<Throwable> outcomes = race(8, i -> () -> repository.put(psk("dev-" + i, "contested", 16)));

        assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o != null).allSatisfy(o -> assertThat(o)
                .isInstanceOf(CredentialConflictException.class));
        String winner = "dev-" + outcomes.indexOf(null);
        assertThat(repository.byPskIdentity("contested")).map(DeviceCredential::endpoint).hasValue(winner);
        assertThat(repository.list(0, 100)).hasSize(1);
    }

    @Test
    void racing_puts_for_one_device_all_succeed_and_the_device_keeps_one_credential() throws Exception {
        List<Throwable> outcomes = race(8, i -> () -> repository.put(psk("dev-1", "id-" + i, 16)));

        assertThat(outcomes).containsOnlyNulls();
        DeviceCredential.Psk kept = (DeviceCredential.Psk) repository.byEndpoint("dev-1").orElseThrow();
        for (int i = 0; i < 8; i++) {
            assertThat(repository.byPskIdentity("id-" + i).isPresent()).isEqualTo(kept.identity().equals("id-" + i));
        }
    }

    private List<String> endpoints(int offset, int limit) {
        return repository.list(offset, limit).stream().map(DeviceCredential::endpoint).toList();
    }

    /** A PSK credential with a {@code length}-byte key derived from the endpoint, identity and length. */
    static DeviceCredential.Psk psk(String endpoint, String identity, int length) {
        byte[] seed = (endpoint + "/" + identity + "/" + length).getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[length];
        for (int i = 0; i < length; i++) {
            key[i] = (byte) (seed[i % seed.length] * 31 + i * 7 - 128);
        }
        return new DeviceCredential.Psk(endpoint, identity, key);
    }

    static PublicKey ecKey(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair().getPublic();
    }

    interface Put {
        void run() throws Exception;
    }

    interface Racer {
        Put of(int index);
    }

    /** Runs {@code n} puts released at once; returns, by index, null for success or what was thrown. */
    static List<Throwable> race(int n, Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Throwable>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Put put = racer.of(i);
                Callable<Throwable> work = () -> {
                    start.await();
                    try {
                        put.run();
                        return null;
                    } catch (Exception e) {
                        return e;
                    }
                };
                futures.add(pool.submit(work));
            }
            start.countDown();
            List<Throwable> outcomes = new ArrayList<>();
            for (Future<Throwable> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
