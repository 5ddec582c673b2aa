package io.cellota.firmware.image;

import java.util.Optional;

/**
 * Every TLV type MCUboot defines ({@code IMAGE_TLV_*} in {@code bootutil/image.h}, imgtool's
 * {@code TLV_VALUES}). Types outside this list are kept by the reader as plain numbers; the vendor range
 * {@code 0x00a0..0xfffe} is where imgtool's {@code --custom-tlv} puts them.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#protected-tlvs">MCUboot design: TLVs</a>
 */
public enum TlvType {
    KEYHASH(0x01, "hash of the public key that signed the image"),
    PUBKEY(0x02, "the public key that signed the image"),
    SHA256(0x10, "SHA-256 of the image"),
    SHA384(0x11, "SHA-384 of the image"),
    SHA512(0x12, "SHA-512 of the image"),
    RSA2048_PSS(0x20, "RSA-2048 PSS signature"),
    ECDSA224(0x21, "ECDSA P-224 signature (no longer supported)"),
    ECDSA_SIG(0x22, "ECDSA signature (P-256 or P-384), DER"),
    RSA3072_PSS(0x23, "RSA-3072 PSS signature"),
    ED25519(0x24, "Ed25519 signature"),
    SIG_PURE(0x25, "the signature is over the image itself, not its digest"),
    ENC_RSA2048(0x30, "AES key wrapped with RSA-OAEP"),
    ENC_KW(0x31, "AES key wrapped with AES-KW"),
    ENC_EC256(0x32, "AES key wrapped with ECIES-P256"),
    ENC_X25519(0x33, "AES key wrapped with ECIES-X25519"),
    ENC_X25519_SHA512(0x34, "AES key wrapped with ECIES-X25519, HMAC-SHA512"),
    DEPENDENCY(0x40, "dependency on another image"),
    SEC_CNT(0x50, "security counter"),
    BOOT_RECORD(0x60, "CBOR measured-boot record"),
    DECOMP_SIZE(0x70, "size of the decompressed image"),
    DECOMP_SHA(0x71, "hash of the decompressed image"),
    DECOMP_SIGNATURE(0x72, "signature of the decompressed image"),
    COMP_DEC_SIZE(0x73, "size of the compressed, decrypted image"),
    UUID_VID(0x74, "vendor UUID"),
    UUID_CID(0x75, "image class UUID");

    /** The first type imgtool accepts for {@code --custom-tlv}. */
    public static final int VENDOR_MIN = 0x00a0;
    /** The last type imgtool accepts for {@code --custom-tlv}. */
    public static final int VENDOR_MAX = 0xfffe;

    private final int code;
    private final String meaning;

    TlvType(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** What the TLV carries, in a few words. */
    public String meaning() {
        return meaning;
    }

    public static Optional<TlvType> fromCode(int code) {
        for (TlvType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether imgtool accepts {@code code} for {@code --custom-tlv}: vendor range, not a defined type. */
    public static boolean isVendorCode(int code) {
        return code >= VENDOR_MIN && code <= VENDOR_MAX && fromCode(code).isEmpty();
    }

    /** The MCUboot name of {@code code}, or {@code 0x00a1} style hex for types it does not define. */
    public static String nameOf(int code) {
        return fromCode(code).map(Enum::name).orElse(String.format("0x%04x", code));
    }
}
