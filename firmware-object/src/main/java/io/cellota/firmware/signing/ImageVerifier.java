package io.cellota.firmware.signing;

import io.cellota.firmware.image.ImageFormatException;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.ImageSource;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.image.Tlv;
import io.cellota.firmware.image.TlvType;
import io.cellota.firmware.signing.VerificationResult.Failure;
import io.cellota.firmware.signing.VerificationResult.Invalid;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies MCUboot images as {@code bootutil_img_validate} does: every hash TLV must match the region
 * {@code [0, ih_hdr_size + ih_img_size + ih_protect_tlv_size)}; each {@code KEYHASH} (or {@code PUBKEY})
 * selects the key for the signature TLVs after it; with trusted keys, at least one signature must verify
 * under one of them. The region is read once, in chunks, feeding every digest and signature together, so an
 * image in a file or slot is never held whole in memory (pure Ed25519 excepted: the JDK buffers its message).
 */
public final class ImageVerifier {

    private static final int CHUNK = 64 * 1024;

    private final List<TrustedKey> trusted;

    /** A verifier trusting {@code keys}; with none it checks the hash only. */
    public ImageVerifier(Collection<TrustedKey> keys) {
        this.trusted = List.copyOf(keys);
    }

    public static ImageVerifier hashOnly() {
        return new ImageVerifier(List.of());
    }

    public List<TrustedKey> trustedKeys() {
        return trusted;
    }

    /** Reads and verifies; a malformed image is {@link Failure#MALFORMED} with the reader's reason. */
    public VerificationResult verify(ImageSource source) throws IOException {
        try {
            return verify(source, ImageReader.read(source));
        } catch (ImageFormatException e) {
            return new Invalid(Failure.MALFORMED, e.getMessage());
        }
    }

    public VerificationResult verify(byte[] image) {
        try {
            return verify(ImageSource.of(image));
        } catch (IOException e) {
            throw new IllegalStateException("reading memory cannot fail", e);
        }
    }

    /** Verifies {@code image}, parsed from {@code source}. */
    public VerificationResult verify(ImageSource source, McubootImage image) throws IOException {
        List<Tlv> tlvs = image.tlvs().entries();
        boolean pure = tlvs.stream().anyMatch(t -> t.is(TlvType.SIG_PURE));
        Map<HashAlgorithm, byte[]> expected = new LinkedHashMap<>();
        for (Tlv t : tlvs) {
            HashAlgorithm.ofTlv(t.type()).ifPresent(h -> expected.putIfAbsent(h, t.value()));
        }
        if (expected.isEmpty() && !pure) {
            return new Invalid(Failure.NO_HASH, "the image carries no SHA256, SHA384 or SHA512 TLV");
        }
        Optional<HashAlgorithm> imageHash = expected.keySet().stream().findFirst();
        List<SignatureCheck> checks = planChecks(tlvs, imageHash, pure);

        Map<HashAlgorithm, MessageDigest> digests = new LinkedHashMap<>();
        expected.keySet().forEach(h -> digests.put(h, h.newDigest()));
        byte[] chunk = new byte[(int) Math.min(CHUNK, image.hashedLength())];
        for (long at = 0; at < image.hashedLength(); at += chunk.length) {
            int n = (int) Math.min(chunk.length, image.hashedLength() - at);
            source.read(at, chunk, 0, n);
            for (MessageDigest d : digests.values()) {
                d.update(chunk, 0, n);
            }
            for (SignatureCheck c : checks) {
                c.updateRegion(chunk, n);
            }
        }
        Map<HashAlgorithm, byte[]> actual = new LinkedHashMap<>();
        for (var e : digests.entrySet()) {
            byte[] digest = e.getValue().digest();
            byte[] want = expected.get(e.getKey());
            if (!Arrays.equals(digest, want)) {
                return new Invalid(Failure.HASH_MISMATCH, String.format("image hash mismatch: the %s TLV holds %s but"
                        + " the image hashes to %s", e.getKey().tlv(), HexFormat.of().formatHex(want),
                        HexFormat.of().formatHex(digest)));
            }
            actual.put(e.getKey(), digest);
        }
        byte[] digest = imageHash.map(actual::get).orElse(new byte[0]);
        HashAlgorithm hash = imageHash.orElse(HashAlgorithm.SHA512);
        if (trusted.isEmpty()) {
            return new VerificationResult.Valid(Optional.empty(), hash, digest, image.version(), image.securityCounter());
        }
        return judge(checks, image, hash, digest);
    }

    private VerificationResult judge(List<SignatureCheck> checks, McubootImage image, HashAlgorithm hash,
                                     byte[] digest) {
        if (checks.isEmpty()) {
            return new Invalid(Failure.UNSIGNED, "the image is not signed (hash only), but " + trusted.size()
                    + " key(s) are trusted: " + names());
        }
        List<String> badSignatures = new ArrayList<>();
        List<String> untrusted = new ArrayList<>();
        boolean unnamed = false;
        for (SignatureCheck c : checks) {
            if (c.verify(digest)) {
                return new VerificationResult.Valid(c.key(), hash, digest, image.version(), image.securityCounter());
            }
            if (c.key().isPresent()) {
                badSignatures.add(c.describeFailure());
            } else if (c.keyTlv().isPresent()) {
                untrusted.add(c.describeFailure());
            } else {
                unnamed = true;
            }
        }
        if (!badSignatures.isEmpty()) {
            return new Invalid(Failure.BAD_SIGNATURE, String.join("; ", badSignatures));
        }
        if (!untrusted.isEmpty()) {
            return new Invalid(Failure.UNTRUSTED_KEY, String.join("; ", untrusted) + "; trusted: " + names());
        }
        return new Invalid(Failure.NO_KEY_FOR_SIGNATURE, unnamed
                ? "the signature has no KEYHASH or PUBKEY TLV before it to name its key"
                : "no signature could be checked");
    }

    private String names() {
        return String.join(", ", trusted.stream().map(TrustedKey::toString).toList());
    }

    /**
     * Pairs each signature TLV with the key that the last {@code KEYHASH}/{@code PUBKEY} before it selects,
     * as {@code bootutil_img_validate} iterates.
     */
    private List<SignatureCheck> planChecks(List<Tlv> tlvs, Optional<HashAlgorithm> imageHash, boolean pure) {
        List<SignatureCheck> checks = new ArrayList<>();
        Optional<Tlv> keyTlv = Optional.empty();
        Optional<TrustedKey> key = Optional.empty();
        for (Tlv t : tlvs) {
            if (t.is(TlvType.KEYHASH) || t.is(TlvType.PUBKEY)) {
                keyTlv = Optional.of(t);
                key = findKey(t, imageHash);
            } else if (isSignature(t)) {
                checks.add(new SignatureCheck(keyTlv, key, t, pure));
            }
        }
        return checks;
    }

    private static boolean isSignature(Tlv t) {
        return t.is(TlvType.ECDSA_SIG) || t.is(TlvType.ED25519) || t.is(TlvType.RSA2048_PSS)
                || t.is(TlvType.RSA3072_PSS) || t.is(TlvType.ECDSA224);
    }

    /** {@code bootutil_find_key}: the trusted key whose hash (with the image hash) or bytes match the TLV. */
    private Optional<TrustedKey> findKey(Tlv keyTlv, Optional<HashAlgorithm> imageHash) {
        byte[] value = keyTlv.value();
        for (TrustedKey k : trusted) {
            if (keyTlv.is(TlvType.PUBKEY)) {
                if (Arrays.equals(value, k.mcubootBytes())) {
                    return Optional.of(k);
                }
                continue;
            }
            List<HashAlgorithm> candidates = imageHash.map(List::of).orElse(List.of(HashAlgorithm.values()));
            for (HashAlgorithm h : candidates) {
                if (h.length() == value.length && MessageDigest.isEqual(value, k.keyHash(h))) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    /** One signature TLV, the key named for it, and (when checkable) the engine fed with the region. */
    private static final class SignatureCheck {
        private final Optional<Tlv> keyTlv;
        private final Optional<TrustedKey> key;
        private final Tlv signature;
        private final boolean overDigest;
        private Signature engine;
        private String problem;

        SignatureCheck(Optional<Tlv> keyTlv, Optional<TrustedKey> key, Tlv signature, boolean pure) {
            this.keyTlv = keyTlv;
            this.key = key;
            this.signature = signature;
            this.overDigest = key.map(k -> Signatures.signsDigest(k.type(), pure)).orElse(false);
            key.ifPresent(this::prepare);
        }

        private void prepare(TrustedKey k) {
            if (!signature.is(k.type().signatureTlv())) {
                problem = signature.typeName() + " signature cannot come from trusted key " + k + ", which signs "
                        + k.type().signatureTlv();
                return;
            }
            try {
                engine = Signatures.engine(k.type());
                engine.initVerify(k.publicKey());
            } catch (GeneralSecurityException e) {
                problem = "trusted key " + k + " cannot verify: " + e.getMessage();
                engine = null;
            }
        }

        Optional<Tlv> keyTlv() {
            return keyTlv;
        }

        Optional<TrustedKey> key() {
            return key;
        }

        void updateRegion(byte[] chunk, int n) {
            if (engine != null && !overDigest) {
                try {
                    engine.update(chunk, 0, n);
                } catch (GeneralSecurityException e) {
                    problem = e.getMessage();
                    engine = null;
                }
            }
        }

        boolean verify(byte[] digest) {
            if (engine == null) {
                return false;
            }
            try {
                if (overDigest) {
                    engine.update(digest);
                }
                if (engine.verify(signature.value())) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature (e.g. broken DER) is an invalid one
            }
            problem = "the " + signature.typeName() + " signature does not verify with trusted key " + key.orElseThrow();
            return false;
        }

        String describeFailure() {
            if (key.isEmpty()) {
                Tlv k = keyTlv.orElseThrow();
                return "signed by an untrusted key: " + k.typeName() + " " + abbreviate(k.value())
                        + " matches no trusted key";
            }
            return problem;
        }

        private static String abbreviate(byte[] value) {
            String hex = HexFormat.of().formatHex(value);
            return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
        }
    }
}
