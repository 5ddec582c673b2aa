package io.cellota.firmware.signing;

import io.cellota.firmware.image.ImageFlag;
import io.cellota.firmware.image.ImageHeader;
import io.cellota.firmware.image.Tlv;
import io.cellota.firmware.image.TlvArea;
import io.cellota.firmware.image.TlvType;
import io.cellota.firmware.trailer.TrailerLayout;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds MCUboot images as imgtool {@code sign} does, byte for byte where the signature is deterministic
 * (Ed25519 and hash-only images): header, payload, protected TLVs ({@code SEC_CNT}, {@code DEPENDENCY}…,
 * custom), then the unprotected TLVs (hash, {@code SIG_PURE}, {@code KEYHASH} or {@code PUBKEY}, signature),
 * then, with {@code --pad}, erased padding to the slot and the trailer.
 *
 * @see <a href="https://docs.mcuboot.com/imgtool.html">imgtool</a>
 */
public final class ImageSigner {

    private ImageSigner() {
    }

    /**
     * Signs {@code input} (the application binary; with {@code padHeader} off it must start with
     * {@code headerSize} zero bytes, which the header overwrites), or only hashes it when {@code key} is empty.
     *
     * @throws IllegalArgumentException when the options do not fit the input or the key, with imgtool's reason
     */
    public static byte[] sign(byte[] input, SignOptions options, Optional<SigningKey> key) {
        byte[] body = withHeaderArea(input, options);
        HashAlgorithm hash = chooseHash(options, key);
        List<Tlv> protectedTlvs = protectedTlvs(options);
        int protectedSize = protectedTlvs.isEmpty() ? 0 : new TlvArea(TlvArea.Kind.PROTECTED, protectedTlvs).encodedSize();
        int flags = (options.loadAddress() != 0 ? ImageFlag.RAM_LOAD.mask() : 0)
                | (options.nonBootable() ? ImageFlag.NON_BOOTABLE.mask() : 0);
        ImageHeader header = new ImageHeader(options.loadAddress(), options.headerSize(), protectedSize,
                body.length - options.headerSize(), flags, options.version());
        System.arraycopy(header.encode(), 0, body, 0, ImageHeader.SIZE);

        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        out.writeBytes(body);
        if (protectedSize != 0) {
            out.writeBytes(new TlvArea(TlvArea.Kind.PROTECTED, protectedTlvs).encode());
        }
        byte[] signed = out.toByteArray();
        byte[] digest = hash.digest(signed);

        List<Tlv> tlvs = new ArrayList<>();
        tlvs.add(new Tlv(hash.tlv(), digest));
        if (options.pure()) {
            tlvs.add(new Tlv(TlvType.SIG_PURE, new byte[] {1}));
        }
        key.ifPresent(k -> {
            if (options.publicKeyFormat() == PublicKeyFormat.HASH) {
                tlvs.add(new Tlv(TlvType.KEYHASH, k.publicKey().keyHash(hash)));
            } else {
                tlvs.add(new Tlv(TlvType.PUBKEY, k.publicKey().mcubootBytes()));
            }
            byte[] message = options.pure() ? signed : digest;
            tlvs.add(new Tlv(k.type().signatureTlv(), Signatures.sign(k, signed, message)));
        });
        out.writeBytes(new TlvArea(TlvArea.Kind.UNPROTECTED, tlvs).encode());
        return fitToSlot(out.toByteArray(), options);
    }

    private static byte[] withHeaderArea(byte[] input, SignOptions options) {
        int h = options.headerSize();
        if (options.padHeader()) {
            byte[] body = new byte[h + input.length];
            Arrays.fill(body, 0, h, (byte) options.erasedValue());
            System.arraycopy(input, 0, body, h, input.length);
            return body;
        }
        if (input.length < h) {
            throw new IllegalArgumentException("the input (" + input.length + " bytes) is shorter than the header ("
                    + h + " bytes); use --pad-header");
        }
        for (int i = 0; i < h; i++) {
            if (input[i] != 0) {
                throw new IllegalArgumentException("header padding was not requested and the input does not start"
                        + " with " + h + " zero bytes (byte " + i + " is not zero); use --pad-header");
            }
        }
        return input.clone();
    }

    /** imgtool's {@code key_and_user_sha_to_alg_and_tlv}. */
    static HashAlgorithm chooseHash(SignOptions options, Optional<SigningKey> key) {
        if (key.isEmpty()) {
            if (options.pure()) {
                throw new IllegalArgumentException("--pure needs a signing key");
            }
            return options.sha().orElse(HashAlgorithm.SHA256);
        }
        KeyType type = key.get().type();
        if (options.pure()) {
            if (!type.supportsPure()) {
                throw new IllegalArgumentException("--pure is supported with Ed25519 keys only, not " + type.cliName());
            }
            return HashAlgorithm.SHA512;
        }
        HashAlgorithm chosen = options.sha().orElse(type.allowedHashes().get(0));
        if (!type.allowedHashes().contains(chosen)) {
            throw new IllegalArgumentException("key " + type.cliName() + " cannot be used with --sha "
                    + chosen.jcaName() + "; allowed: " + type.allowedHashes());
        }
        return chosen;
    }

    private static List<Tlv> protectedTlvs(SignOptions options) {
        List<Tlv> tlvs = new ArrayList<>();
        options.securityCounter().ifPresent(c -> tlvs.add(new Tlv(TlvType.SEC_CNT,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) c).array())));
        options.dependencies().forEach(d -> tlvs.add(new Tlv(TlvType.DEPENDENCY, d.encode())));
        tlvs.addAll(options.customTlvs());
        return tlvs;
    }

    /** imgtool's {@code check_trailer} and {@code pad_to}. */
    private static byte[] fitToSlot(byte[] image, SignOptions options) {
        if (options.slotSize() == 0) {
            return image;
        }
        TrailerLayout layout = new TrailerLayout(options.slotSize(), options.align(), options.maxAlign(),
                options.maxSectors(), options.overwriteOnly());
        if (image.length + layout.trailerSize() > options.slotSize()) {
            throw new IllegalArgumentException(String.format("image size (0x%x) + trailer (0x%x) exceeds the slot"
                    + " size 0x%x", image.length, layout.trailerSize(), options.slotSize()));
        }
        if (!options.pad()) {
            return image;
        }
        byte[] slot = Arrays.copyOf(image, (int) options.slotSize());
        Arrays.fill(slot, image.length, slot.length, (byte) options.erasedValue());
        byte[] magic = layout.magic();
        System.arraycopy(magic, 0, slot, slot.length - magic.length, magic.length);
        if (options.confirm() && !options.overwriteOnly()) {
            slot[(int) layout.offsetOf(TrailerLayout.Field.IMAGE_OK)] = 1;
        }
        return slot;
    }
}
