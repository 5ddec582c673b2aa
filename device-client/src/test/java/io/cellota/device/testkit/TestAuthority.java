package io.cellota.device.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for DTLS tests (RFC 7925 section 4.4): EC P-256 keys from the JDK, and
 * certificates made with Bouncy Castle, signed SHA256withECDSA, valid from an hour ago for a day. The
 * certificates it issues carry the subject alternative names {@code 127.0.0.1} and {@code localhost}, so a
 * peer that checks the host finds it on loopback. Test-only: the keys live in memory and nowhere else.
 */
public final class TestAuthority {

    /** A key pair and the certificate an authority issued for its public half. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        public Issued {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final X500Name name;

    private TestAuthority(KeyPair keys, X509Certificate certificate, X500Name name) {
        this.keys = keys;
        this.certificate = certificate;
        this.name = name;
    }

    /** A new self-signed root named {@code CN=commonName}. */
    public static TestAuthority create(String commonName) {
        KeyPair keys = ecKeyPair();
        X500Name name = cn(commonName);
        X509v3CertificateBuilder builder = template(name, name, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new TestAuthority(keys, sign(builder, keys), name);
    }

    /** A fresh EC P-256 key pair, as Leshan wants for raw public keys and X.509. */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no EC P-256", e);
        }
    }

    /** This authority's own certificate: what a peer trusts to accept what it issues. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A new key pair and an end-entity certificate for {@code CN=commonName} (for an LwM2M device, the endpoint
     * name: Leshan's server takes the device's identity from the CN), with IP SAN 127.0.0.1.
     */
    public Issued issue(String commonName) {
        KeyPair subject = ecKeyPair();
        X509v3CertificateBuilder builder = template(name, cn(commonName), subject.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Issued(subject, sign(builder, keys));
    }

    private static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509v3CertificateBuilder template(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
