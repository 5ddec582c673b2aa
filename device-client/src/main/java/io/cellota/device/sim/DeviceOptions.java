package io.cellota.device.sim;

import io.cellota.device.boot.BootPolicy;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.WindowPolicy;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.lwm2m.DeviceInfo;
import io.cellota.device.radio.Bearer;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.radio.RadioModel;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.KeyFormatException;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.signing.TrustedKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The options {@code cellota device} and {@code cellota fleet} share: how a simulated device is made. */
public final class DeviceOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URI",
            description = "LwM2M server, coap://host:5683 or coaps://host:5684.")
    URI server;

    @Option(names = "--psk-key", paramLabel = "HEX", description = "Pre-shared key for coaps. For a fleet, the master"
            + " secret each device's key is derived from (HMAC-SHA256 of the endpoint name).")
    String pskKey;

    @Option(names = "--psk-identity", paramLabel = "ID", description = "PSK identity (one device; default: the endpoint name).")
    String pskIdentity;

    @Option(names = "--rpk-key", paramLabel = "PEM", description = "coaps with a raw public key: the device's EC P-256"
            + " private key (one device). Register its public half with the server first.")
    Path rpkKey;

    @Option(names = "--server-key", paramLabel = "BASE64|PEM", description = "With --rpk-key: the server's public key"
            + " the device pins, as `cellota server` prints it (base64) or a PEM file.")
    String serverKey;

    @Option(names = "--certificate", paramLabel = "PEM", description = "coaps with X.509: the device's certificate"
            + " (its CN is the endpoint name; one device).")
    Path certificate;

    @Option(names = "--certificate-key", paramLabel = "PEM", description = "With --certificate: its private key.")
    Path certificateKey;

    @Option(names = "--server-certificate", paramLabel = "PEM", description = "With --certificate: the server's"
            + " certificate the device expects.")
    Path serverCertificate;

    @Option(names = "--trust", paramLabel = "KEY", description = "A key the device accepts firmware from. Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--factory-image", paramLabel = "FILE", description = "Signed image in the primary slot at first boot"
            + " (default: a generated one, signed with a one-off factory key kept in the state directory).")
    Path factoryImage;

    @Option(names = "--factory-key", paramLabel = "KEY",
            description = "Private key to sign a generated factory image with (and to trust).")
    Path factoryKey;

    @Option(names = "--factory-version", defaultValue = "0.1.0", paramLabel = "VERSION",
            description = "Version of a generated factory image (default: ${DEFAULT-VALUE}).")
    String factoryVersion;

    @Option(names = "--state", defaultValue = ".cellota/devices", paramLabel = "DIR",
            description = "Where device flash and state live; they survive restarts (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--layout", defaultValue = "nrf9160", paramLabel = "NAME",
            description = "Flash layout: nrf9160 (448 KiB slots) or large (2 MiB).")
    String layout;

    @Option(names = "--link", defaultValue = "lte-m", paramLabel = "PROFILE",
            description = "Link the device is tuned for: lte-m, nb-iot, lte-m-lossy, nb-iot-lossy, loopback.")
    String link;

    @Option(names = "--window", paramLabel = "N|auto", description = "Download window (default: 1, lockstep).")
    String window;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Preferred download block size, 16..1024.")
    Integer blockSize;

    @Option(names = "--lifetime", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Registration lifetime (default: ${DEFAULT-VALUE}).")
    Duration lifetime;

    @Option(names = "--psm-active", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Power saving: reachable this long after each uplink (T3324); enables queue mode.")
    Duration psmActive;

    @Option(names = "--tau", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Power saving: wake up this often (T3412), the registration update period.")
    Duration tau;

    @Option(names = "--bearer", defaultValue = "lte-m", paramLabel = "lte-m|nb-iot", description = "Radio bearer in Object 4.")
    String bearer;

    @Option(names = "--allow-downgrade", description = "Accept packages older than the running firmware.")
    boolean allowDowngrade;

    @Option(names = "--rollback-protection", description = "The bootloader enforces the security counter.")
    boolean rollbackProtection;

    @Option(names = "--local-address", defaultValue = "127.0.0.1", paramLabel = "IP", description = "Address to bind.")
    String localAddress;

    /** The link profile named by {@code --link}. */
    LinkProfile linkProfile() {
        return LinkProfile.named(link).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown link profile '" + link + "'"));
    }

    CoapTiming timing() {
        return CoapTiming.forProfile(link);
    }

    /** A device config for {@code endpoint}, its faults and radio seeded by {@code index}. */
    DeviceConfig config(String endpoint, int index, FaultPlan faults, boolean fleet) throws IOException, KeyFormatException {
        DeviceCredentials credentials = credentials(endpoint, fleet);
        FlashLayout flash = FlashLayout.named(layout).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown layout '" + layout + "'; known: nrf9160, large"));
        List<TrustedKey> keys = trustedKeys();
        byte[] factory = factoryImage(flash);
        DownloadOptions download = DownloadOptions.named(link.startsWith("nb-iot") ? "nb-iot" : "lte-m")
                .orElse(DownloadOptions.DEFAULTS).withWindow(window == null ? WindowPolicy.LOCKSTEP : WindowPolicy.parse(window));
        if (blockSize != null) {
            download = download.withBlockSize(blockSize);
        }
        boolean psm = psmActive != null;
        PsmConfig psmConfig = psm ? PsmConfig.of(psmActive, tau == null ? Duration.ofHours(1) : tau) : PsmConfig.off();
        Bearer radioBearer = Bearer.named(bearer).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown bearer '" + bearer + "'"));
        long cell = 0x10000 + new SplittableRandom(index).nextInt(0, 8);
        return new DeviceConfig(endpoint, server, credentials, lifetime, psm, Optional.ofNullable(tau),
                InetAddress.getByName(localAddress), state.resolve(endpoint), flash, keys, factory,
                FotaConfig.defaults().withAllowDowngrade(allowDowngrade), download, psmConfig,
                RadioModel.typical(radioBearer, cell), index, DeviceInfo.nrf9160(String.format("CLT-%06d", index)),
                rollbackProtection ? BootPolicy.ROLLBACK_PROTECTED : BootPolicy.DEFAULT, faults, Optional.empty());
    }

    private DeviceCredentials credentials(String endpoint, boolean fleet) throws IOException, KeyFormatException {
        boolean secure = "coaps".equals(server.getScheme());
        if (!secure) {
            if (rpkKey != null || certificate != null) {
                throw new ParameterException(spec.commandLine(), "--rpk-key and --certificate need a coaps:// server");
            }
            return new DeviceCredentials.NoSec();
        }
        if ((rpkKey != null || certificate != null) && fleet) {
            throw new ParameterException(spec.commandLine(), "--rpk-key and --certificate are for one device: use"
                    + " `cellota device`; a fleet uses PSKs derived from --psk-key");
        }
        if (rpkKey != null && certificate != null) {
            throw new ParameterException(spec.commandLine(), "give --rpk-key or --certificate, not both");
        }
        if (rpkKey != null) {
            if (serverKey == null) {
                throw new ParameterException(spec.commandLine(), "--rpk-key needs --server-key, the server's public key");
            }
            SigningKey own = readEcKey(rpkKey, "--rpk-key");
            return new DeviceCredentials.Rpk(own.publicKey().publicKey(), own.privateKey(), serverPublicKey());
        }
        if (certificate != null) {
            if (certificateKey == null || serverCertificate == null) {
                throw new ParameterException(spec.commandLine(),
                        "--certificate needs --certificate-key and --server-certificate");
            }
            return new DeviceCredentials.X509(readCertificate(certificate, "--certificate"),
                    readEcKey(certificateKey, "--certificate-key").privateKey(),
                    readCertificate(serverCertificate, "--server-certificate"));
        }
        if (pskKey == null) {
            throw new ParameterException(spec.commandLine(), "coaps needs --psk-key");
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(pskKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--psk-key must be hex: " + e.getMessage());
        }
        if (fleet) {
            return DeviceCredentials.Psk.derived(endpoint, key);
        }
        return new DeviceCredentials.Psk(pskIdentity == null ? endpoint : pskIdentity, key);
    }

    private SigningKey readEcKey(Path file, String option) throws IOException, KeyFormatException {
        SigningKey key = PemKeys.readPrivate(file);
        if (key.publicKey().type() != io.cellota.firmware.signing.KeyType.ECDSA_P256) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": DTLS here needs an EC P-256 key, not "
                    + key.publicKey().type().cliName());
        }
        return key;
    }

    private java.security.PublicKey serverPublicKey() throws IOException, KeyFormatException {
        Path file = Path.of(serverKey);
        if (Files.isRegularFile(file)) {
            return PemKeys.readPublic(file).publicKey();
        }
        try {
            return java.security.KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(serverKey.strip())));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new ParameterException(spec.commandLine(), "--server-key: neither a PEM file nor a base64 EC public"
                    + " key (SubjectPublicKeyInfo): " + e.getMessage());
        }
    }

    private java.security.cert.X509Certificate readCertificate(Path file, String option) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": not a certificate: "
                    + e.getMessage());
        }
    }

    private List<TrustedKey> trustedKeys() throws IOException, KeyFormatException {
        List<TrustedKey> keys = new ArrayList<>();
        for (Path p : trust) {
            keys.add(PemKeys.readPublic(p));
        }
        if (factoryKey != null) {
            keys.add(PemKeys.readPublic(factoryKey));
        } else if (factoryImage == null) {
            keys.add(generatedFactory().publicKey());
        }
        if (keys.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give the keys devices trust: --trust KEY");
        }
        return keys;
    }

    private byte[] factoryImage(FlashLayout flash) throws IOException, KeyFormatException {
        if (factoryImage != null) {
            return Files.readAllBytes(factoryImage);
        }
        SigningKey key = factoryKey != null ? PemKeys.readPrivate(factoryKey) : generatedFactory();
        byte[] payload = new byte[16 * 1024];
        new SplittableRandom(42).nextBytes(payload);
        return ImageSigner.sign(payload, SignOptions.zephyr(ImageVersion.parse(factoryVersion), flash.slotSize())
                .withLayout(flash.maxSectors(), false), Optional.of(key));
    }

    /**
     * The one-off key that signs a generated factory image, kept in the state directory so that the image
     * verifies at every boot of every device that shares the directory. Its private half signs nothing else.
     */
    private SigningKey generatedFactory() throws IOException, KeyFormatException {
        if (generated == null) {
            Path file = state.resolve("factory-key.pem");
            Files.createDirectories(state);
            if (!Files.exists(file)) {
                SigningKey fresh = PemKeys.generate(io.cellota.firmware.signing.KeyType.ED25519, "factory");
                io.cellota.firmware.storage.AtomicFile.write(file,
                        PemKeys.privatePem(fresh).getBytes(java.nio.charset.StandardCharsets.US_ASCII), true, false);
            }
            generated = PemKeys.readPrivate(file);
        }
        return generated;
    }

    private SigningKey generated;
}
