package io.cellota.firmware.image;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One TLV entry: {@code u16 it_type, u16 it_len, it_len bytes}. Unknown types are kept, not dropped.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public record Tlv(int type, byte[] value) {

    /** The size of {@code it_type} plus {@code it_len}. */
    public static final int HEADER_SIZE = 4;

    public Tlv {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("TLV type outside u16: " + type);
        }
        if (value.length > 0xffff) {
            throw new IllegalArgumentException("TLV value longer than 65535 bytes: " + value.length);
        }
        value = value.clone();
    }

    public Tlv(TlvType type, byte[] value) {
        this(type.code(), value);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** The entry's size on the wire, header included. */
    public int encodedSize() {
        return HEADER_SIZE + value.length;
    }

    public Optional<TlvType> knownType() {
        return TlvType.fromCode(type);
    }

    public boolean is(TlvType t) {
        return type == t.code();
    }

    /** The MCUboot name, or the hex code for a type MCUboot does not define. */
    public String typeName() {
        return TlvType.nameOf(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv other && type == other.type && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return typeName() + "[" + value.length + "]=" + HexFormat.of().formatHex(value);
    }
}
