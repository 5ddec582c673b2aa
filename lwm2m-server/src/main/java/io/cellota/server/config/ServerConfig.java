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
 */
public record ServerConfig(Path dataDir, InetSocketAddress coap, InetSocketAddress coaps, InetSocketAddress http,
                           String publicHost, Optional<String> apiToken, List<Path> trustedKeys, long maxPackageSize,
                           Duration awakeTime, Duration ackTimeout, Optional<String> databaseUrl,
                           Optional<String> databaseUser, Optional<String> databasePassword, Duration tokenLifetime) {

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        trustedKeys = List.copyOf(trustedKeys);
        if (maxPackageSize <= 0) {
            throw new IllegalArgumentException("max package size must be positive");
        }
    }
}
