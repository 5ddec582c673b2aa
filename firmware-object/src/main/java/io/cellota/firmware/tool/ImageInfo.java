package io.cellota.firmware.tool;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cellota.firmware.image.ImageDependency;
import io.cellota.firmware.image.ImageFlag;
import io.cellota.firmware.image.ImageHeader;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.image.Tlv;
import io.cellota.firmware.image.TlvType;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What {@code image info} shows, as a value that renders both as text and as JSON (the JSON field names are a
 * stable interface). {@code securityCounter} and {@code trailer} are null (left out of the JSON) when the
 * image has none.
 */
public record ImageInfo(String file, long fileSize, Header header, List<TlvInfo> protectedTlvs, List<TlvInfo> tlvs,
                        long hashedLength, long imageEnd,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long securityCounter, List<String> dependencies,
                        @JsonInclude(JsonInclude.Include.NON_NULL) TrailerInfo trailer) {

    /** The header fields, with MCUboot's names. */
    public record Header(String magic, long loadAddress, int headerSize, int protectedTlvSize, long imageSize,
                         int flags, List<String> flagNames, String version) {
    }

    /** One TLV: type code and name, offset, length, value in hex, and its meaning when decoded. */
    public record TlvInfo(int type, String name, long offset, int length, String value, String meaning) {
    }

    /** The trailer of a file padded to its slot. */
    public record TrailerInfo(long slotSize, int maxAlign, String magic, String imageOk, String copyDone,
                              String swapInfo, long swapSize) {
    }

    static ImageInfo of(String file, McubootImage image) {
        ImageHeader h = image.header();
        List<String> flagNames = new java.util.ArrayList<>(h.flagSet().stream().map(Enum::name).toList());
        int unknown = ImageFlag.unknownBits(h.flags());
        if (unknown != 0) {
            flagNames.add(String.format("0x%x (undefined)", unknown));
        }
        Header header = new Header(String.format("0x%08x", ImageHeader.MAGIC), h.loadAddress(), h.headerSize(),
                h.protectedTlvSize(), h.imageSize(), h.flags(), flagNames, h.version().toString());
        List<TlvInfo> prot = image.protectedTlvs().map(a -> tlvs(a.entries(), h.payloadEnd())).orElse(List.of());
        List<TlvInfo> unprot = tlvs(image.tlvs().entries(), image.hashedLength());
        Long counter = image.securityCounter().isPresent() ? image.securityCounter().getAsLong() : null;
        TrailerInfo trailer = image.slot().map(s -> new TrailerInfo(image.fileSize(), s.maxAlign(),
                s.trailer().magic().name(), s.trailer().imageOk().name(), s.trailer().copyDone().name(),
                s.trailer().swapType().map(t -> t.name() + " (image " + s.trailer().imageIndex() + ")")
                        .orElse(String.format("unset (0x%02x)", s.trailer().swapInfo())), s.trailer().swapSize()))
                .orElse(null);
        return new ImageInfo(file, image.fileSize(), header, prot, unprot, image.hashedLength(), image.imageEnd(),
                counter, image.dependencies().stream().map(ImageDependency::toString).toList(), trailer);
    }

    private static List<TlvInfo> tlvs(List<Tlv> entries, long areaOffset) {
        List<TlvInfo> out = new java.util.ArrayList<>();
        long at = areaOffset + 4;
        for (Tlv t : entries) {
            String meaning = t.knownType().map(TlvType::meaning)
                    .orElse(TlvType.isVendorCode(t.type()) ? "vendor TLV" : "undefined TLV type");
            out.add(new TlvInfo(t.type(), t.typeName(), at, t.length(), HexFormat.of().formatHex(t.value()), meaning));
            at += t.encodedSize();
        }
        return out;
    }

    /** The text form: one field per line, TLVs with offsets, long values wrapped. */
    String render() {
        StringBuilder b = new StringBuilder();
        b.append(file).append(": ").append(fileSize).append(" bytes\n");
        b.append("header:\n");
        line(b, "magic", header.magic());
        line(b, "load_addr", String.format("0x%x", header.loadAddress()));
        line(b, "hdr_size", String.format("0x%x", header.headerSize()));
        line(b, "protected_tlv_size", String.format("0x%x", header.protectedTlvSize()));
        line(b, "img_size", String.format("0x%x", header.imageSize()));
        line(b, "flags", String.format("0x%x", header.flags()) + (header.flagNames().isEmpty() ? ""
                : " " + header.flagNames()));
        line(b, "version", header.version());
        line(b, "hashed region", String.format("[0, 0x%x)", hashedLength));
        if (securityCounter != null) {
            line(b, "security counter", Long.toString(securityCounter));
        }
        if (!dependencies.isEmpty()) {
            line(b, "dependencies", String.join(", ", dependencies));
        }
        if (!protectedTlvs.isEmpty()) {
            b.append(String.format("protected TLV area (offset 0x%x, 0x%x bytes):%n", imageEnd - tlvAreaSize(tlvs)
                    - header.protectedTlvSize(), header.protectedTlvSize()));
            protectedTlvs.forEach(t -> tlv(b, t));
        }
        b.append(String.format("TLV area (offset 0x%x, 0x%x bytes):%n", hashedLength, tlvAreaSize(tlvs)));
        tlvs.forEach(t -> tlv(b, t));
        Optional.ofNullable(trailer).ifPresent(t -> {
            b.append(String.format("trailer (slot 0x%x, max align %d):%n", t.slotSize(), t.maxAlign()));
            line(b, "magic", t.magic());
            line(b, "image_ok", t.imageOk());
            line(b, "copy_done", t.copyDone());
            line(b, "swap_info", t.swapInfo());
        });
        return b.toString();
    }

    private static long tlvAreaSize(List<TlvInfo> tlvs) {
        return 4 + tlvs.stream().mapToLong(t -> 4 + t.length()).sum();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(String.format("  %-19s %s%n", name + ":", value));
    }

    private static void tlv(StringBuilder b, TlvInfo t) {
        b.append(String.format("  0x%05x %-11s (0x%02x) len %-4d %s%n", t.offset(), t.name(), t.type(), t.length(),
                t.meaning()));
        for (int i = 0; i < t.value().length(); i += 64) {
            b.append("           ").append(t.value(), i, Math.min(t.value().length(), i + 64)).append('\n');
        }
    }
}
