package io.cellota.server.app;

import io.cellota.firmware.signing.KeyFormatException;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.storage.AtomicFile;
import io.cellota.server.config.ServerConfig;
import io.cellota.server.lwm2m.Lwm2mServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server's DTLS identity from the configuration: the configured EC P-256 key, or one generated at the first
 * start and kept in the data directory (owner-only), so raw-public-key devices can be provisioned with a key that
 * does not change between restarts; the certificate chain, whose leaf must hold that key; the trusted issuers.
 */
final class DtlsIdentities {

    /** Where a generated key is kept, in the data directory. */
    static final String GENERATED_KEY_FILE = "dtls-key.pem";

    private DtlsIdentities() {
    }

    static Lwm2mServer.Identity load(ServerConfig.DtlsIdentity config, Path dataDir) throws IOException,
            KeyFormatException {
        SigningKey key = config.key().isPresent() ? readKey(config.key().get()) : generatedKey(dataDir);
        List<X509Certificate> chain = new ArrayList<>();
        if (config.certificateChain().isPresent()) {
            Path file = config.certificateChain().get();
            chain.addAll(certificates(file));
            if (chain.isEmpty()) {
                throw new KeyFormatException(file + ": holds no certificate (coaps.certificate)");
            }
            if (!Arrays.equals(chain.get(0).getPublicKey().getEncoded(), key.publicKey().publicKey().getEncoded())) {
                throw new KeyFormatException(file + ": the first certificate is not for the key in coaps.key");
            }
        }
        List<X509Certificate> trusted = new ArrayList<>();
        for (Path file : config.trustedCertificates()) {
            List<X509Certificate> found = certificates(file);
            if (found.isEmpty()) {
                throw new KeyFormatException(file + ": holds no certificate (coaps.trusted.certificates)");
            }
            trusted.addAll(found);
        }
        return new Lwm2mServer.Identity(key.publicKey().publicKey(), key.privateKey(), chain, trusted);
    }

    private static SigningKey readKey(Path file) throws IOException, KeyFormatException {
        SigningKey key = PemKeys.readPrivate(file);
        if (key.type() != KeyType.ECDSA_P256) {
            throw new KeyFormatException(file + ": the server's DTLS key must be EC P-256 (secp256r1), not "
                    + key.type().cliName() + " (coaps.key)");
        }
        return key;
    }

    private static SigningKey generatedKey(Path dataDir) throws IOException, KeyFormatException {
        Path file = dataDir.resolve(GENERATED_KEY_FILE);
        if (Files.exists(file)) {
            return readKey(file);
        }
        SigningKey key = PemKeys.generate(KeyType.ECDSA_P256, "cellota-dtls");
        AtomicFile.write(file, PemKeys.privatePem(key).getBytes(StandardCharsets.US_ASCII), true, false);
        return key;
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, KeyFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new KeyFormatException(file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }
}
