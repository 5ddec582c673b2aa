package io.cellota.firmware.signing;

import io.cellota.firmware.image.TlvType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The image hashes MCUboot knows, each with the TLV that carries it. */
public enum HashAlgorithm {
    SHA256(TlvType.SHA256, "SHA-256", 32),
    SHA384(TlvType.SHA384, "SHA-384", 48),
    SHA512(TlvType.SHA512, "SHA-512", 64);

    private final TlvType tlv;
    private final String jcaName;
    private final int length;

    HashAlgorithm(TlvType tlv, String jcaName, int length) {
        this.tlv = tlv;
        this.jcaName = jcaName;
        this.length = length;
    }

    public TlvType tlv() {
        return tlv;
    }

    public int length() {
        return length;
    }

    /** The JDK's name for it. */
    public String jcaName() {
        return jcaName;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has " + jcaName, e);
        }
    }

    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    public static Optional<HashAlgorithm> ofTlv(int tlvType) {
        for (HashAlgorithm h : values()) {
            if (h.tlv.code() == tlvType) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** imgtool's {@code --sha} values: {@code 256}, {@code 384}, {@code 512}. */
    public static Optional<HashAlgorithm> ofBits(String bits) {
        return switch (bits) {
            case "256" -> Optional.of(SHA256);
            case "384" -> Optional.of(SHA384);
            case "512" -> Optional.of(SHA512);
            default -> Optional.empty();
        };
    }
}
