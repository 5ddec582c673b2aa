package io.cellota.firmware.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * A TLV area: the info header {@code u16 it_magic, u16 it_tlv_tot} ({@code it_tlv_tot} includes these 4
 * bytes), then the entries back to back. The protected area ({@code 0x6908}) is hashed and signed; the
 * unprotected one ({@code 0x6907}) carries the hash and signatures.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public record TlvArea(Kind kind, List<Tlv> entries) {

    /** The size of the info header. */
    public static final int INFO_SIZE = 4;

    /** Which of the two areas, by its magic. */
    public enum Kind {
        PROTECTED(0x6908),
        UNPROTECTED(0x6907);

        private final int magic;

        Kind(int magic) {
            this.magic = magic;
        }

        public int magic() {
            return magic;
        }
    }

    public TlvArea {
        entries = List.copyOf(entries);
        if (encodedSize(entries) > 0xffff) {
            throw new IllegalArgumentException(kind + " TLV area exceeds 65535 bytes");
        }
    }

    private static int encodedSize(List<Tlv> entries) {
        return INFO_SIZE + entries.stream().mapToInt(Tlv::encodedSize).sum();
    }

    /** {@code it_tlv_tot}: the info header plus every entry. */
    public int encodedSize() {
        return encodedSize(entries);
    }

    public Optional<Tlv> first(TlvType type) {
        return entries.stream().filter(t -> t.is(type)).findFirst();
    }

    public List<Tlv> all(TlvType type) {
        return entries.stream().filter(t -> t.is(type)).toList();
    }

    public TlvArea with(Tlv entry) {
        List<Tlv> more = new java.util.ArrayList<>(entries);
        more.add(entry);
        return new TlvArea(kind, more);
    }

    /** The area as MCUboot reads it, little-endian. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(encodedSize()).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) kind.magic).putShort((short) encodedSize());
        for (Tlv tlv : entries) {
            b.putShort((short) tlv.type()).putShort((short) tlv.length()).put(tlv.value());
        }
        return b.array();
    }
}
