package io.cellota.server.bench;

import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.server.devices.CredentialConflictException;
import io.cellota.server.devices.DeviceCredential;
import io.cellota.server.devices.JdbcCredentialRepository;
import io.cellota.server.fileserver.CachedDeviceIdentities;
import io.cellota.server.fileserver.DeliveryMetrics;
import io.cellota.server.fileserver.DownloadTokens;
import io.cellota.server.fileserver.FileServerConfig;
import io.cellota.server.fileserver.FirmwareCoapResource;
import io.cellota.server.fileserver.FirmwareDelivery;
import io.cellota.server.fileserver.IdentityOrTokenAccess;
import io.cellota.server.fileserver.MemoryDownloadGrants;
import io.cellota.server.fileserver.OpenFileCache;
import io.cellota.server.fileserver.PackageUris;
import io.cellota.server.fileserver.PeerIdentity;
import io.cellota.server.fileserver.Transport;
import io.cellota.server.lwm2m.Lwm2mServer;
import io.cellota.server.lwm2m.SeparateFileServer;
import io.cellota.server.lwm2m.ServerCoapSettings;
import io.cellota.server.repository.PackageFile;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server half of the download benchmarks: the server's own firmware resource ({@link FirmwareCoapResource})
 * on the server's own file endpoints ({@link SeparateFileServer}: the server's Californium configuration, DTLS
 * with a 6-byte Connection ID and the nRF91 cipher suites), with the server's access rule (a PSK identity over
 * CoAPs, looked up in the server's credential table in an embedded H2 database through the identity cache, as
 * {@code CellotaServer} does; a
 * download token in the URI over CoAP; and a grant either way), bound to ephemeral loopback ports.
 * Packages are signed MCUboot images kept in a directory as the repository keeps them. Devices are added with
 * {@link #device(String)}; every one is granted every package.
 */
final class DeliveryRig implements AutoCloseable {

    /** What the file server counts: Block2 responses served and their payload bytes. */
    static final class Served implements DeliveryMetrics {
        final AtomicLong blocks = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void served(Transport transport, long payload) {
            blocks.incrementAndGet();
            bytes.addAndGet(payload);
        }
    }

    /** A device the server knows: its endpoint name, PSK identity and key. */
    record Device(String endpoint, String identity, byte[] key) {
    }

    private static final Instant FOREVER = Instant.parse("2100-01-01T00:00:00Z");

    private final Path dir;
    private final Database database;
    private final JdbcCredentialRepository credentials;
    private final MemoryDownloadGrants grants = new MemoryDownloadGrants();
    private final DownloadTokens tokens = new DownloadTokens(DownloadTokens.newSecret(), Duration.ofDays(1));
    private final Map<String, PackageFile> packages = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Served served = new Served();
    private final OpenFileCache files = new OpenFileCache(FileServerConfig.DEFAULTS.openFiles());
    private final ExecutorService io = FileServerConfig.DEFAULTS.newIoExecutor();
    private final SigningKey signingKey = PemKeys.generate(KeyType.ED25519, "bench");
    private final SeparateFileServer server;

    private DeliveryRig(Path dir) throws GeneralSecurityException {
        this.dir = dir;
        this.database = Database.open(DatabaseConfig.embedded(dir.resolve("db")));
        this.credentials = new JdbcCredentialRepository(database);
        FirmwareDelivery delivery = new FirmwareDelivery(id -> Optional.ofNullable(packages.get(id)), files,
                new IdentityOrTokenAccess(tokens, CachedDeviceIdentities.of(identity -> identity instanceof
                        PeerIdentity.Psk psk ? credentials.byPskIdentity(psk.identity()).map(DeviceCredential::endpoint)
                        : Optional.empty(), Clock.systemUTC()), grants), served, Clock.systemUTC());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        this.server = SeparateFileServer.start(any, any, ServerCoapSettings.CELLULAR,
                new Lwm2mServer.Identity(key.getPublic(), key.getPrivate(), List.of(), List.of()), credentials,
                () -> new FirmwareCoapResource(FileServerConfig.DEFAULTS, delivery, io));
    }

    /** A started rig keeping its packages in {@code dir}. */
    static DeliveryRig start(Path dir) throws IOException {
        try {
            return new DeliveryRig(Files.createDirectories(dir));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every Java platform", e);
        }
    }

    /**
     * Stores a signed MCUboot image of exactly {@code bytes} bytes (Zephyr layout, Ed25519, random payload from
     * {@code seed}) as package {@code id}.
     */
    PackageFile addImage(String id, int bytes, long seed) throws IOException {
        byte[] image = signedImage(bytes, seed, signingKey);
        Path path = dir.resolve(id + ".bin");
        Files.write(path, image);
        PackageFile file = new PackageFile(id, path, image.length, sha256(image));
        packages.put(id, file);
        return file;
    }

    /** Package {@code id}'s file. */
    PackageFile file(String id) {
        return packages.get(id);
    }

    /** The bytes of package {@code id}. */
    byte[] content(String id) throws IOException {
        return Files.readAllBytes(packages.get(id).path());
    }

    /** A device known to the server by a PSK (its identity is its endpoint name, its key {@link #pskKey}). */
    Device device(String endpoint) {
        return devices.computeIfAbsent(endpoint, name -> {
            byte[] key = pskKey(name);
            try {
                credentials.put(new DeviceCredential.Psk(name, name, key));
            } catch (CredentialConflictException e) {
                throw new IllegalStateException(e);
            }
            return new Device(name, name, key);
        });
    }

    /** The PSK of the device called {@code endpoint}: 16 bytes derived from its name, so both sides know it. */
    static byte[] pskKey(String endpoint) {
        byte[] key = new byte[16];
        new SplittableRandom(endpoint.hashCode()).nextBytes(key);
        return key;
    }

    /** Lets {@code device} download {@code packageId}, as an active update does. */
    void grant(Device device, String packageId) {
        grants.grant(device.endpoint(), packageId, FOREVER);
    }

    /**
     * The Package URI {@code device} is given for {@code packageId} over {@code scheme}, as the server would issue
     * it, but naming {@code via} (an impairment proxy) as the host and port.
     */
    URI uri(String scheme, String packageId, Device device, InetSocketAddress via) {
        grant(device, packageId);
        String host = via.getAddress().getHostAddress();
        PackageUris uris = new PackageUris(host, via.getPort(), via.getPort(), 0, 0,
                FileServerConfig.DEFAULTS.resourceName());
        return scheme.equals("coaps") ? uris.coaps(packageId)
                : uris.coap(packageId, tokens.issue(packageId, device.endpoint(), Instant.now()));
    }

    /** Where the server listens for {@code scheme}. */
    InetSocketAddress address(String scheme) {
        URI uri = scheme.equals("coaps") ? server.coapsUri() : server.coapUri();
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    Served served() {
        return served;
    }

    /**
     * A signed image of exactly {@code bytes} bytes: the payload is sized so that header and TLVs fill the rest,
     * signing again when the signature's length varies (ECDSA's DER encoding is 70 to 72 bytes).
     */
    static byte[] signedImage(int bytes, long seed, SigningKey key) {
        SignOptions options = SignOptions.zephyr(ImageVersion.parse("1.0.0"), 2 * 1024 * 1024);
        int payload = Math.max(16, bytes - 0x200);
        for (int attempt = 0; attempt < 64; attempt++) {
            byte[] content = new byte[payload];
            new SplittableRandom(seed).nextBytes(content);
            byte[] image = ImageSigner.sign(content, options, Optional.of(key));
            if (image.length == bytes) {
                return image;
            }
            payload -= image.length - bytes;
        }
        throw new IllegalArgumentException("cannot make a signed image of exactly " + bytes + " bytes");
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.close();
        io.shutdownNow();
        files.close();
        database.close();
    }
}
