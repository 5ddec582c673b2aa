package io.cellota.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server is configured with. Every key, its unit and default is in docs/configuration.md; the
 * names there are the property names ({@code coap.port}) and, upper-cased with {@code _}, the environment
 * variables ({@code CELLOTA_COAP_PORT}).
 *
 * @param dataDir          where the database, the package store and generated secrets live
 * @param coap             CoAP endpoint (LwM2M and firmware), default *:5683
 * @param coaps            CoAPs endpoint, default *:5684
 * @param http             HTTP API, console, firmware downloads and metrics, default *:8080
 * @param publicHost       the host name devices use in Package URIs
 * @param apiToken         the admin bearer token; generated and saved in the data dir when absent
 * @param trustedKeys      PEM files of the keys MCUboot packages must be signed with
 * @param maxPackageSize   the largest upload, bytes
 * @param awakeTime        how long a queue-mode device counts as reachable after an uplink
 * @param ackTimeout       CoAP initial retransmission timeout
 * @param databaseUrl      JDBC URL; empty for the embedded H2 database in the data dir
 * @param databaseUser     JDBC user
 * @param databasePassword JDBC password
 * @param tokenLifetime    how long a firmware download token in a Package URI is valid
 * @param publicPorts      the ports devices reach the server on, where a NAT or load balancer maps them
 * @param dtlsIdentity     the server's own DTLS key (raw public key devices) and certificates (X.509 devices)
 * @param https            HTTPS for firmware downloads (and the API), when a certificate and key are configured
 * @param files            CoAP and CoAPs ports for firmware downloads apart from the LwM2M ones, when enabled
 * @param metricsToken     the bearer token {@code GET /metrics} requires; empty: the metrics are open
 * @param access           console sign-in: the first admin's password and how long sessions last
 * @param campaignMaxConcurrent the most devices downloading for all running campaigns together
 */
public record ServerConfig(Path dataDir, InetSocketAddress coap, InetSocketAddress coaps, InetSocketAddress http,
                           String publicHost, Optional<String> apiToken, List<Path> trustedKeys, long maxPackageSize,
                           Duration awakeTime, Duration ackTimeout, Optional<String> databaseUrl,
                           Optional<String> databaseUser, Optional<String> databasePassword, Duration tokenLifetime,
                           PublicPorts publicPorts, DtlsIdentity dtlsIdentity, Optional<Https> https,
                           Optional<FileEndpoints> files, Optional<String> metricsToken, Access access,
                           int campaignMaxConcurrent) {

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        trustedKeys = List.copyOf(trustedKeys);
        Objects.requireNonNull(publicPorts, "publicPorts");
        Objects.requireNonNull(dtlsIdentity, "dtlsIdentity");
        Objects.requireNonNull(https, "https");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(metricsToken, "metricsToken");
        Objects.requireNonNull(access, "access");
        if (maxPackageSize <= 0) {
            throw new IllegalArgumentException("max package size must be positive");
        }
        if (campaignMaxConcurrent < 1) {
            throw new IllegalArgumentException("the campaigns' server-wide cap must be positive");
        }
    }

    /**
     * The ports devices use in Package URIs, when they differ from the ports the server binds (a NAT, a load
     * balancer or a UDP proxy in front of it); 0 means the bound port.
     */
    public record PublicPorts(int coap, int coaps, int http, int https) {
        public static final PublicPorts AS_BOUND = new PublicPorts(0, 0, 0, 0);

        public PublicPorts {
            for (int port : new int[] {coap, coaps, http, https}) {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("a port is 0..65535, was " + port);
                }
            }
        }

        /** {@code configured} unless it is 0, then {@code bound}. */
        public static int or(int configured, int bound) {
            return configured == 0 ? bound : configured;
        }
    }

    /** The firmware resource's own CoAP and CoAPs addresses; Package URIs then name these ports. */
    public record FileEndpoints(InetSocketAddress coap, InetSocketAddress coaps) {
        public FileEndpoints {
            Objects.requireNonNull(coap, "coap");
            Objects.requireNonNull(coaps, "coaps");
        }
    }

    /** HTTPS on {@code address} with the PEM certificate chain (leaf first) and its unencrypted private key. */
    public record Https(InetSocketAddress address, Path certificateChain, Path key) {
        public Https {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The server's DTLS identity: its private key (PEM; EC P-256), generated once into the data directory when
     * not configured; its certificate chain (PEM, leaf first) for X.509 devices; and the certificates of the
     * issuers it trusts for device certificates.
     */
    public record DtlsIdentity(Optional<Path> key, Optional<Path> certificateChain, List<Path> trustedCertificates) {
        public static final DtlsIdentity GENERATED = new DtlsIdentity(Optional.empty(), Optional.empty(), List.of());

        public DtlsIdentity {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(certificateChain, "certificateChain");
            trustedCertificates = List.copyOf(trustedCertificates);
            if (certificateChain.isPresent() && key.isEmpty()) {
                throw new IllegalArgumentException("a certificate needs its private key (coaps.key)");
            }
        }
    }

    /**
     * Console sign-in (docs/console.md).
     *
     * @param adminPassword   the password of the first admin, made at a start that finds no user; empty: generated,
     *                        printed once and kept in the data directory
     * @param sessionIdle     a session ends after this long without a request
     * @param sessionAbsolute a session ends this long after sign-in, however busy
     */
    public record Access(Optional<String> adminPassword, Duration sessionIdle, Duration sessionAbsolute) {
        /** No configured password; 30 minutes idle, 12 hours in all. */
        public static final Access DEFAULTS = new Access(Optional.empty(), Duration.ofMinutes(30),
                Duration.ofHours(12));

        public Access {
            Objects.requireNonNull(adminPassword, "adminPassword");
            if (sessionIdle.isNegative() || sessionIdle.isZero() || sessionAbsolute.isNegative()
                    || sessionAbsolute.isZero()) {
                throw new IllegalArgumentException("session timeouts must be positive");
            }
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "Access[adminPassword=" + (adminPassword.isPresent() ? "(hidden)" : "(generated)") + ", sessionIdle="
                    + sessionIdle + ", sessionAbsolute=" + sessionAbsolute + "]";
        }
    }
}
