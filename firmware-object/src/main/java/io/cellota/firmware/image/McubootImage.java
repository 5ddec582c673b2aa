package io.cellota.firmware.image;

import io.cellota.firmware.trailer.ImageTrailer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed MCUboot image: the header, the protected and unprotected TLV areas, and, when the file was padded
 * to a slot, the trailer. Offsets are into the file the image was read from; the payload itself stays there.
 *
 * @param header      the image header
 * @param protectedTlvs the protected area ({@code 0x6908}), absent when {@code ih_protect_tlv_size} is 0
 * @param tlvs        the unprotected area ({@code 0x6907})
 * @param fileSize    bytes in the file, padding and trailer included
 * @param slot        the slot the file was padded to, if it was
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public record McubootImage(ImageHeader header, Optional<TlvArea> protectedTlvs, TlvArea tlvs, long fileSize,
                           Optional<SlotPadding> slot) {

    /** How the file fills its slot: the slot size is the file size, with a trailer at its end. */
    public record SlotPadding(int maxAlign, int erasedValue, ImageTrailer trailer) {
    }

    public McubootImage {
        if (protectedTlvs.isPresent() != (header.protectedTlvSize() != 0)) {
            throw new IllegalArgumentException("protected TLV area presence disagrees with the header");
        }
        if (tlvs.kind() != TlvArea.Kind.UNPROTECTED) {
            throw new IllegalArgumentException("tlvs must be the unprotected area");
        }
    }

    /** Where the payload starts: {@code ih_hdr_size}. */
    public long payloadOffset() {
        return header.headerSize();
    }

    /** The region MCUboot hashes and signs: {@code [0, hashedLength())}. */
    public long hashedLength() {
        return header.hashedLength();
    }

    /** The end of the unprotected TLV area: the image's size without slot padding. */
    public long imageEnd() {
        return hashedLength() + tlvs.encodedSize();
    }

    /** Every TLV, protected ones first, in file order. */
    public List<Tlv> allTlvs() {
        List<Tlv> all = new ArrayList<>();
        protectedTlvs.ifPresent(a -> all.addAll(a.entries()));
        all.addAll(tlvs.entries());
        return all;
    }

    public Optional<Tlv> first(TlvType type) {
        return allTlvs().stream().filter(t -> t.is(type)).findFirst();
    }

    /** The security counter ({@code SEC_CNT}, protected), if the image carries one. */
    public OptionalLong securityCounter() {
        return protectedTlvs.flatMap(a -> a.first(TlvType.SEC_CNT))
                .filter(t -> t.length() == 4)
                .map(t -> OptionalLong.of(ByteBuffer.wrap(t.value()).order(ByteOrder.LITTLE_ENDIAN).getInt()
                        & 0xffff_ffffL))
                .orElse(OptionalLong.empty());
    }

    /** The images this one depends on ({@code DEPENDENCY}, protected), in file order. */
    public List<ImageDependency> dependencies() {
        return protectedTlvs.map(a -> a.all(TlvType.DEPENDENCY)).orElse(List.of()).stream()
                .filter(t -> t.length() == ImageDependency.ENCODED_SIZE)
                .map(t -> ImageDependency.decode(t.value()))
                .toList();
    }

    public ImageVersion version() {
        return header.version();
    }
}
