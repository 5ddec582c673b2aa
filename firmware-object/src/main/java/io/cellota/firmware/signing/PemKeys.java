package io.cellota.firmware.signing;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads, writes and generates the key files imgtool uses: PKCS#8 {@code PRIVATE KEY} PEM (also the
 * traditional {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY}), SubjectPublicKeyInfo {@code PUBLIC KEY}
 * PEM, PKCS#1 {@code RSA PUBLIC KEY} PEM, and X.509 {@code CERTIFICATE} PEM for trusted keys. Bouncy Castle
 * parses the PEM and ASN.1; the resulting keys are the JDK's.
 */
public final class PemKeys {

    private static final ASN1ObjectIdentifier EC = X9ObjectIdentifiers.id_ecPublicKey;
    private static final ASN1ObjectIdentifier P256 = SECObjectIdentifiers.secp256r1;
    private static final ASN1ObjectIdentifier P384 = SECObjectIdentifiers.secp384r1;

    private PemKeys() {
    }

    /** The private key in {@code file}, named after the file. */
    public static SigningKey readPrivate(Path file) throws KeyFormatException, IOException {
        return readPrivate(keyName(file), Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** The public key in {@code file}: a public key, a certificate, or the public half of a private key. */
    public static TrustedKey readPublic(Path file) throws KeyFormatException, IOException {
        return readPublic(keyName(file), Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static SigningKey readPrivate(String name, String pem) throws KeyFormatException {
        Object parsed = parse(name, pem);
        PrivateKeyInfo info;
        if (parsed instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (parsed instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else {
            throw new KeyFormatException(name + ": holds a public key or certificate; signing needs the private key");
        }
        SubjectPublicKeyInfo spki = publicOf(name, info);
        TrustedKey pub = toTrusted(name, spki);
        try {
            PrivateKey key = KeyFactory.getInstance(jcaAlgorithm(pub.type()))
                    .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            return new SigningKey(key, pub);
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFormatException(name + ": the private key is malformed (" + e.getMessage() + ")", e);
        }
    }

    public static TrustedKey readPublic(String name, String pem) throws KeyFormatException {
        Object parsed = parse(name, pem);
        if (parsed instanceof SubjectPublicKeyInfo spki) {
            return toTrusted(name, spki);
        }
        if (parsed instanceof X509CertificateHolder cert) {
            return toTrusted(name, cert.getSubjectPublicKeyInfo());
        }
        if (parsed instanceof RSAPublicKey rsa) {
            return toTrusted(name, rsaSpki(rsa));
        }
        return readPrivate(name, pem).publicKey();
    }

    private static Object parse(String name, String pem) throws KeyFormatException {
        if (pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new KeyFormatException(name + ": the key is password-protected; decrypt it first"
                    + " (openssl pkcs8 -in KEY -out PLAIN.pem)");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object first = parser.readObject();
            if (first == null) {
                throw new KeyFormatException(name + ": no PEM key found (expected -----BEGIN PRIVATE KEY----- or"
                        + " -----BEGIN PUBLIC KEY-----)");
            }
            if (first instanceof PemObject raw && "RSA PUBLIC KEY".equals(raw.getType())) {
                return RSAPublicKey.getInstance(raw.getContent());
            }
            return first;
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(name + ": not a readable PEM key (" + e.getMessage() + ")", e);
        }
    }

    private static SubjectPublicKeyInfo publicOf(String name, PrivateKeyInfo info) throws KeyFormatException {
        AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
        try {
            ASN1ObjectIdentifier oid = alg.getAlgorithm();
            if (oid.equals(EC)) {
                // The public point is derived from the scalar, never taken from the optional copy in the file.
                ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
                if (!(alg.getParameters() instanceof ASN1ObjectIdentifier curveOid)) {
                    throw new KeyFormatException(name + ": the EC private key does not name its curve");
                }
                X9ECParameters curve = ECNamedCurveTable.getByOID(curveOid);
                if (curve == null) {
                    throw new KeyFormatException(name + ": unknown elliptic curve " + alg.getParameters());
                }
                ECPoint q = curve.getG().multiply(ec.getKey()).normalize();
                return new SubjectPublicKeyInfo(alg, q.getEncoded(false));
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
                byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), pub);
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                RSAPrivateKey rsa = RSAPrivateKey.getInstance(info.parsePrivateKey());
                return rsaSpki(new RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()));
            }
            throw new KeyFormatException(name + ": unsupported key algorithm " + oid
                    + " (MCUboot verifies ECDSA P-256/P-384, Ed25519 and RSA-2048/3072)");
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException(name + ": the private key is malformed (" + e.getMessage() + ")", e);
        }
    }

    private static SubjectPublicKeyInfo rsaSpki(RSAPublicKey rsa) throws KeyFormatException {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
        } catch (IOException e) {
            throw new KeyFormatException("cannot encode the RSA public key", e);
        }
    }

    private static TrustedKey toTrusted(String name, SubjectPublicKeyInfo spki) throws KeyFormatException {
        KeyType type = typeOf(name, spki);
        try {
            PublicKey key = KeyFactory.getInstance(jcaAlgorithm(type))
                    .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
            return new TrustedKey(name, type, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFormatException(name + ": the public key is malformed (" + e.getMessage() + ")", e);
        }
    }

    private static KeyType typeOf(String name, SubjectPublicKeyInfo spki) throws KeyFormatException {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        if (oid.equals(EC)) {
            Object curve = spki.getAlgorithm().getParameters();
            if (P256.equals(curve)) {
                return KeyType.ECDSA_P256;
            }
            if (P384.equals(curve)) {
                return KeyType.ECDSA_P384;
            }
            throw new KeyFormatException(name + ": EC curve " + curve + " is not one MCUboot verifies (P-256, P-384)");
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return KeyType.ED25519;
        }
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            try {
                int bits = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
                if (bits == 2048) {
                    return KeyType.RSA_2048;
                }
                if (bits == 3072) {
                    return KeyType.RSA_3072;
                }
                throw new KeyFormatException(name + ": RSA-" + bits + " is not a size MCUboot verifies (2048, 3072)");
            } catch (IOException | RuntimeException e) {
                throw new KeyFormatException(name + ": the RSA public key is malformed", e);
            }
        }
        throw new KeyFormatException(name + ": unsupported key algorithm " + oid
                + " (MCUboot verifies ECDSA P-256/P-384, Ed25519 and RSA-2048/3072)");
    }

    static String jcaAlgorithm(KeyType type) {
        return switch (type) {
            case ECDSA_P256, ECDSA_P384 -> "EC";
            case ED25519 -> "Ed25519";
            case RSA_2048, RSA_3072 -> "RSA";
        };
    }

    /** A new key pair of {@code type}, from the JDK's strong random source. */
    public static SigningKey generate(KeyType type, String name) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(jcaAlgorithm(type));
            switch (type) {
                case ECDSA_P256 -> g.initialize(new ECGenParameterSpec("secp256r1"));
                case ECDSA_P384 -> g.initialize(new ECGenParameterSpec("secp384r1"));
                case RSA_2048 -> g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
                case RSA_3072 -> g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
                case ED25519 -> { }
            }
            KeyPair pair = g.generateKeyPair();
            return new SigningKey(pair.getPrivate(), new TrustedKey(name, type, pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime generates " + type.cliName() + " keys", e);
        }
    }

    /** The private key as PKCS#8 {@code PRIVATE KEY} PEM, as imgtool writes it. */
    public static String privatePem(SigningKey key) {
        return pem("PRIVATE KEY", key.privateKey().getEncoded());
    }

    /** The public key as SubjectPublicKeyInfo {@code PUBLIC KEY} PEM (imgtool {@code getpub -e pem}). */
    public static String publicPem(TrustedKey key) {
        return pem("PUBLIC KEY", key.publicKey().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The name a key file stands for: the file name without {@code .pub}, {@code .pem} or {@code .crt}. */
    public static String keyName(Path file) {
        String n = file.getFileName().toString();
        for (String suffix : new String[] {".pem", ".crt", ".pub"}) {
            if (n.endsWith(suffix)) {
                n = n.substring(0, n.length() - suffix.length());
            }
        }
        return n;
    }

}
