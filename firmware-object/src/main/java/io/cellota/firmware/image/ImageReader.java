package io.cellota.firmware.image;

import io.cellota.firmware.image.ImageFormatException.Reason;
import io.cellota.firmware.trailer.ImageTrailer;
import io.cellota.firmware.trailer.TrailerLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an MCUboot image from untrusted bytes, the way {@code bootutil_tlv_iter_begin} and imgtool's
 * {@code dumpinfo} walk it, but checking every length against the input before using it. A bad image
 * yields one {@link ImageFormatException} naming the reason and the byte; never an unchecked exception,
 * never a partial result.
 *
 * <p>Layout: header (32 bytes, padded to {@code ih_hdr_size}), payload ({@code ih_img_size}), the protected
 * TLV area (iff {@code ih_protect_tlv_size != 0}), the unprotected TLV area, and optionally padding to a
 * slot ending with the trailer.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public final class ImageReader {

    private ImageReader() {
    }

    /** Reads the image in {@code bytes}. */
    public static McubootImage read(byte[] bytes) throws ImageFormatException {
        try {
            return read(ImageSource.of(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("reading memory cannot fail", e);
        }
    }

    /** Reads the image in {@code source}; only the header and TLV areas are read, not the payload. */
    public static McubootImage read(ImageSource source) throws ImageFormatException, IOException {
        long size = source.size();
        need(size, 4, "the image header");
        int magic = le32(source.read(0, 4), 0);
        checkMagic(magic);
        need(size, ImageHeader.SIZE, "the image header");
        ImageHeader header = decodeHeader(source.read(0, ImageHeader.SIZE));

        long tlvStart = header.payloadEnd();
        if (tlvStart + TlvArea.INFO_SIZE > size) {
            if (tlvStart > size) {
                payloadPastFile(source, header, size);
            }
            throw truncated(size, tlvStart + TlvArea.INFO_SIZE, "the TLV area header");
        }
        Optional<TlvArea> prot = Optional.empty();
        long unprotStart = tlvStart;
        int firstMagic = le16(source.read(tlvStart, 2), 0);
        if (firstMagic == TlvArea.Kind.PROTECTED.magic()) {
            TlvArea area = readArea(source, size, tlvStart, TlvArea.Kind.PROTECTED);
            if (area.encodedSize() != header.protectedTlvSize()) {
                throw new ImageFormatException(Reason.PROTECTED_SIZE_MISMATCH, 10, String.format(
                        "ih_protect_tlv_size is %d but the protected TLV area at byte %d holds %d bytes",
                        header.protectedTlvSize(), tlvStart, area.encodedSize()));
            }
            prot = Optional.of(area);
            unprotStart += area.encodedSize();
        } else if (header.protectedTlvSize() != 0) {
            throw new ImageFormatException(Reason.PROTECTED_SIZE_MISMATCH, tlvStart, String.format(
                    "ih_protect_tlv_size is %d but byte %d holds 0x%04x, not the protected TLV magic 0x6908",
                    header.protectedTlvSize(), tlvStart, firstMagic));
        }
        TlvArea tlvs = readArea(source, size, unprotStart, TlvArea.Kind.UNPROTECTED);
        long imageEnd = unprotStart + tlvs.encodedSize();
        Optional<McubootImage.SlotPadding> slot = imageEnd == size
                ? Optional.empty() : Optional.of(readPadding(source, imageEnd, size));
        return new McubootImage(header, prot, tlvs, size, slot);
    }

    private static void checkMagic(int magic) throws ImageFormatException {
        if (magic == ImageHeader.MAGIC) {
            return;
        }
        if (magic == 0xffff_ffff) {
            throw new ImageFormatException(Reason.ERASED, 0, "no image: the header reads as erased flash (0xffffffff)");
        }
        if (magic == ImageHeader.MAGIC_V1) {
            throw new ImageFormatException(Reason.BAD_MAGIC, 0,
                    "bad magic 0x96f3b83c: a legacy v1 image, which MCUboot no longer boots");
        }
        throw new ImageFormatException(Reason.BAD_MAGIC, 0, String.format(
                "bad magic 0x%08x (expected 0x%08x): not an MCUboot image", magic, ImageHeader.MAGIC));
    }

    private static ImageHeader decodeHeader(byte[] h) throws ImageFormatException {
        int headerSize = le16(h, 8);
        if (headerSize < ImageHeader.SIZE) {
            throw new ImageFormatException(Reason.BAD_HEADER_SIZE, 8, String.format(
                    "ih_hdr_size is %d, smaller than the %d-byte header", headerSize, ImageHeader.SIZE));
        }
        ImageVersion version = new ImageVersion(h[20] & 0xff, h[21] & 0xff, le16(h, 22), le32(h, 24) & 0xffff_ffffL);
        return new ImageHeader(le32(h, 4) & 0xffff_ffffL, headerSize, le16(h, 10), le32(h, 12) & 0xffff_ffffL,
                le32(h, 16), version);
    }

    /**
     * The payload runs past the file. If the file nevertheless ends with a complete TLV area, the file is
     * whole and {@code ih_img_size} is wrong; otherwise the file was cut short.
     */
    private static void payloadPastFile(ImageSource source, ImageHeader header, long size)
            throws ImageFormatException, IOException {
        long from = Math.max(header.headerSize(), size - 0xffff);
        if (from + TlvArea.INFO_SIZE <= size) {
            byte[] tail = source.read(from, (int) (size - from));
            for (int i = 0; i + TlvArea.INFO_SIZE <= tail.length; i++) {
                if (le16(tail, i) == TlvArea.Kind.UNPROTECTED.magic() && le16(tail, i + 2) == tail.length - i) {
                    long areaAt = from + i - header.protectedTlvSize();
                    throw new ImageFormatException(Reason.IMAGE_SIZE_EXCEEDS_FILE, 12, String.format(
                            "image size exceeds the file: ih_img_size is 0x%x (%d bytes) but the file has %d bytes;"
                                    + " its TLV area at byte 0x%x implies an image size of 0x%x",
                            header.imageSize(), header.imageSize(), size, areaAt, areaAt - header.headerSize()));
                }
            }
        }
        throw truncated(size, header.payloadEnd() + TlvArea.INFO_SIZE, "the payload");
    }

    private static TlvArea readArea(ImageSource source, long size, long at, TlvArea.Kind kind)
            throws ImageFormatException, IOException {
        String name = kind == TlvArea.Kind.PROTECTED ? "protected TLV area" : "TLV area";
        if (at + TlvArea.INFO_SIZE > size) {
            throw truncated(size, at + TlvArea.INFO_SIZE, "the " + name + " header");
        }
        byte[] info = source.read(at, TlvArea.INFO_SIZE);
        int magic = le16(info, 0);
        if (magic != kind.magic()) {
            throw new ImageFormatException(Reason.BAD_TLV_MAGIC, at, String.format(
                    "bad TLV info magic 0x%04x at byte %d (expected 0x%04x)", magic, at, kind.magic()));
        }
        int total = le16(info, 2);
        if (total < TlvArea.INFO_SIZE) {
            throw new ImageFormatException(Reason.TLV_ENTRY_OVERRUNS, at + 2, String.format(
                    "%s at byte %d declares %d bytes, less than its own 4-byte header", name, at, total));
        }
        if (at + total > size) {
            throw new ImageFormatException(Reason.TLV_AREA_OVERRUNS, at + 2, String.format(
                    "%s overruns the file: it declares %d bytes from byte %d, ending at %d, but the file has %d",
                    name, total, at, at + total, size));
        }
        byte[] area = source.read(at, total);
        List<Tlv> entries = new ArrayList<>();
        int pos = TlvArea.INFO_SIZE;
        while (pos < total) {
            if (pos + Tlv.HEADER_SIZE > total) {
                throw new ImageFormatException(Reason.TLV_ENTRY_OVERRUNS, at + pos, String.format(
                        "TLV entry header at byte %d overruns its %s, which ends at byte %d", at + pos, name, at + total));
            }
            int type = le16(area, pos);
            int length = le16(area, pos + 2);
            if (pos + Tlv.HEADER_SIZE + length > total) {
                throw new ImageFormatException(Reason.TLV_ENTRY_OVERRUNS, at + pos, String.format(
                        "TLV %s at byte %d (length %d) overruns its %s, which ends at byte %d",
                        TlvType.nameOf(type), at + pos, length, name, at + total));
            }
            byte[] value = new byte[length];
            System.arraycopy(area, pos + Tlv.HEADER_SIZE, value, 0, length);
            entries.add(new Tlv(type, value));
            pos += Tlv.HEADER_SIZE + length;
        }
        return new TlvArea(kind, entries);
    }

    /**
     * Bytes after the TLV area are accepted only as slot padding: erased bytes, optionally ending with a
     * trailer whose magic closes the file.
     */
    private static McubootImage.SlotPadding readPadding(ImageSource source, long imageEnd, long size)
            throws ImageFormatException, IOException {
        long tailLength = size - imageEnd;
        int erased = (source.read(imageEnd, 1)[0] & 0xff) == 0 ? 0 : 0xff;
        int maxAlign = -1;
        if (tailLength >= TrailerLayout.MAGIC_SIZE) {
            maxAlign = TrailerLayout.maxAlignOfMagic(source.read(size - TrailerLayout.MAGIC_SIZE, TrailerLayout.MAGIC_SIZE));
        }
        long fieldsArea = maxAlign < 0 ? 0 : TrailerLayout.fieldsAreaSize(maxAlign);
        if (maxAlign > 0 && tailLength < fieldsArea) {
            maxAlign = -1;
            fieldsArea = 0;
        }
        requireErased(source, imageEnd, size - fieldsArea, erased);
        if (maxAlign < 0) {
            return new McubootImage.SlotPadding(TrailerLayout.DEFAULT_MAX_ALIGN, erased, ImageTrailer.erased(erased));
        }
        byte[] tail = source.read(size - fieldsArea, (int) fieldsArea);
        return new McubootImage.SlotPadding(maxAlign, erased, ImageTrailer.decode(tail, maxAlign, erased));
    }

    private static void requireErased(ImageSource source, long from, long to, int erased)
            throws ImageFormatException, IOException {
        byte[] chunk = new byte[(int) Math.min(64 * 1024, Math.max(0, to - from))];
        for (long at = from; at < to; at += chunk.length) {
            int n = (int) Math.min(chunk.length, to - at);
            source.read(at, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                if ((chunk[i] & 0xff) != erased) {
                    throw new ImageFormatException(Reason.TRAILING_DATA, at + i, String.format(
                            "unexpected data at byte %d after the TLV area, which ends at byte %d: the rest of the"
                                    + " file is neither erased slot padding (0x%02x) nor a trailer", at + i, from, erased));
                }
            }
        }
    }

    private static void need(long size, long end, String what) throws ImageFormatException {
        if (end > size) {
            throw truncated(size, end, what);
        }
    }

    private static ImageFormatException truncated(long size, long needed, String what) {
        return new ImageFormatException(Reason.TRUNCATED, size, String.format(
                "truncated at byte %d of at least %d: the file ends inside %s", size, needed, what));
    }

    static int le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static int le32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
