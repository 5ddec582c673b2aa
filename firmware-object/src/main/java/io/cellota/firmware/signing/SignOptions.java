package io.cellota.firmware.signing;

import io.cellota.firmware.image.ImageDependency;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.Tlv;
import io.cellota.firmware.image.TlvType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to build an image, with imgtool {@code sign}'s option names and meanings.
 *
 * @param version          {@code --version}
 * @param headerSize       {@code --header-size}: the header plus its padding, at least 32
 * @param padHeader        {@code --pad-header}: prepend the header area (erased bytes) rather than expect zeros
 * @param align            {@code --align}: flash write alignment, 1..32
 * @param maxAlign         {@code --max-align}: {@code BOOT_MAX_ALIGN}, default {@code max(8, align)}
 * @param maxSectors       {@code --max-sectors}, default 128
 * @param overwriteOnly    {@code --overwrite-only}: a smaller trailer, no swap status
 * @param slotSize         {@code --slot-size}: the slot the image must fit, trailer included (0: unchecked)
 * @param pad              {@code --pad}: pad to the slot size and write the trailer magic
 * @param confirm          {@code --confirm}: pad and mark the image ok (a permanent upgrade)
 * @param securityCounter  {@code --security-counter}: adds the protected {@code SEC_CNT} TLV
 * @param publicKeyFormat  {@code --public-key-format hash|full}
 * @param pure             {@code --pure}: Ed25519 over the image itself rather than its digest
 * @param sha              {@code --sha}: the image hash; empty for imgtool's {@code auto}
 * @param dependencies     {@code --dependencies}
 * @param customTlvs       {@code --custom-tlv}: protected TLVs in the vendor range
 * @param loadAddress      {@code --load-addr}: sets {@code RAM_LOAD} when non-zero
 * @param nonBootable      {@code --non-bootable}
 * @param erasedValue      {@code --erased-val}: 0xff or 0, for header and slot padding
 */
public record SignOptions(ImageVersion version, int headerSize, boolean padHeader, int align, int maxAlign,
                          int maxSectors, boolean overwriteOnly, long slotSize, boolean pad, boolean confirm,
                          OptionalLong securityCounter, PublicKeyFormat publicKeyFormat, boolean pure,
                          Optional<HashAlgorithm> sha, List<ImageDependency> dependencies, List<Tlv> customTlvs,
                          long loadAddress, boolean nonBootable, int erasedValue) {

    public SignOptions {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publicKeyFormat, "publicKeyFormat");
        if (headerSize < 32 || headerSize > 0xffff) {
            throw new IllegalArgumentException("header size must be 32..65535 (imgtool: minimum value for"
                    + " -H/--header-size is 32), was " + headerSize);
        }
        if (Integer.bitCount(align) != 1 || align > 32) {
            throw new IllegalArgumentException("align must be 1, 2, 4, 8, 16 or 32, was " + align);
        }
        if ((maxAlign != 8 && maxAlign != 16 && maxAlign != 32) || maxAlign < align) {
            throw new IllegalArgumentException("max align must be 8, 16 or 32 and at least align, was " + maxAlign);
        }
        if (maxSectors < 1) {
            throw new IllegalArgumentException("max sectors must be positive, was " + maxSectors);
        }
        if (slotSize < 0) {
            throw new IllegalArgumentException("slot size must not be negative");
        }
        if ((pad || confirm) && slotSize == 0) {
            throw new IllegalArgumentException("--pad and --confirm need --slot-size");
        }
        securityCounter.ifPresent(c -> {
            if (c < 0 || c > 0xffff_ffffL) {
                throw new IllegalArgumentException("security counter must fit in 32 bits, was " + c);
            }
        });
        dependencies = List.copyOf(dependencies);
        customTlvs = List.copyOf(customTlvs);
        for (Tlv t : customTlvs) {
            if (!TlvType.isVendorCode(t.type())) {
                throw new IllegalArgumentException(String.format("custom TLV type 0x%04x is not in the vendor range"
                        + " 0x%04x..0x%04x or conflicts with a predefined TLV", t.type(), TlvType.VENDOR_MIN,
                        TlvType.VENDOR_MAX));
            }
        }
        if (customTlvs.stream().map(Tlv::type).distinct().count() != customTlvs.size()) {
            throw new IllegalArgumentException("a custom TLV type is given twice");
        }
        if (loadAddress < 0 || loadAddress > 0xffff_ffffL) {
            throw new IllegalArgumentException("load address must fit in 32 bits");
        }
        if (erasedValue != 0xff && erasedValue != 0) {
            throw new IllegalArgumentException("erased value must be 0xff or 0");
        }
        if (pure && sha.isPresent()) {
            throw new IllegalArgumentException("--pure enforces its hash algorithm and forbids --sha");
        }
    }

    /** imgtool's defaults for {@code version}: 32-byte header, align 1, no padding, no counter. */
    public static SignOptions defaults(ImageVersion version) {
        return new SignOptions(version, 32, false, 1, 8, 128, false, 0, false, false, OptionalLong.empty(),
                PublicKeyFormat.HASH, false, Optional.empty(), List.of(), List.of(), 0, false, 0xff);
    }

    /** The Zephyr / nRF Connect SDK layout: {@code --header-size 0x200 --pad-header --align 4}. */
    public static SignOptions zephyr(ImageVersion version, long slotSize) {
        return defaults(version).withHeader(0x200, true).withAlign(4).withSlotSize(slotSize);
    }

    public SignOptions withHeader(int size, boolean padIt) {
        return new SignOptions(version, size, padIt, align, maxAlign, maxSectors, overwriteOnly, slotSize, pad,
                confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs, loadAddress,
                nonBootable, erasedValue);
    }

    /** Sets {@code --align}, and {@code --max-align} to imgtool's default {@code max(8, align)}. */
    public SignOptions withAlign(int newAlign) {
        return withAlign(newAlign, Math.max(8, newAlign));
    }

    public SignOptions withAlign(int newAlign, int newMaxAlign) {
        return new SignOptions(version, headerSize, padHeader, newAlign, newMaxAlign, maxSectors, overwriteOnly,
                slotSize, pad, confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs,
                loadAddress, nonBootable, erasedValue);
    }

    public SignOptions withSlotSize(long size) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, size,
                pad, confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs, loadAddress,
                nonBootable, erasedValue);
    }

    /** {@code --pad}, and with {@code confirm} also {@code --confirm}. */
    public SignOptions withPad(boolean padIt, boolean confirmIt) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                padIt || confirmIt, confirmIt, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs,
                loadAddress, nonBootable, erasedValue);
    }

    public SignOptions withSecurityCounter(long counter) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, OptionalLong.of(counter), publicKeyFormat, pure, sha, dependencies, customTlvs,
                loadAddress, nonBootable, erasedValue);
    }

    public SignOptions withPublicKeyFormat(PublicKeyFormat format) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, format, pure, sha, dependencies, customTlvs, loadAddress,
                nonBootable, erasedValue);
    }

    public SignOptions withPure(boolean isPure) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, publicKeyFormat, isPure, sha, dependencies, customTlvs, loadAddress,
                nonBootable, erasedValue);
    }

    public SignOptions withSha(HashAlgorithm hash) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, publicKeyFormat, pure, Optional.of(hash), dependencies, customTlvs,
                loadAddress, nonBootable, erasedValue);
    }

    public SignOptions withDependencies(List<ImageDependency> deps) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, publicKeyFormat, pure, sha, deps, customTlvs, loadAddress,
                nonBootable, erasedValue);
    }

    public SignOptions withCustomTlvs(List<Tlv> tlvs) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, tlvs, loadAddress,
                nonBootable, erasedValue);
    }

    public SignOptions withLayout(int sectors, boolean overwrite) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, sectors, overwrite, slotSize, pad,
                confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs, loadAddress,
                nonBootable, erasedValue);
    }

    public SignOptions withLoadAddress(long address, boolean notBootable) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs, address,
                notBootable, erasedValue);
    }

    public SignOptions withErasedValue(int value) {
        return new SignOptions(version, headerSize, padHeader, align, maxAlign, maxSectors, overwriteOnly, slotSize,
                pad, confirm, securityCounter, publicKeyFormat, pure, sha, dependencies, customTlvs, loadAddress,
                nonBootable, value);
    }
}
