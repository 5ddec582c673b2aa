package io.cellota.firmware.tool;

import io.cellota.firmware.image.ImageDependency;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.Tlv;
import io.cellota.firmware.signing.HashAlgorithm;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.PublicKeyFormat;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.cellota.firmware.storage.AtomicFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code image sign}: imgtool {@code sign}, with its option names and meanings. */
@Command(name = "sign", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a signed (or, without -k, hash-only) MCUboot image from INFILE.")
final class SignCommand implements Callable<Integer> {

    private static final Pattern DEPENDENCY = Pattern.compile("\\(\\s*(\\d+)\\s*,\\s*([0-9.+]+)\\s*\\)");

    @Spec
    CommandSpec spec;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "Private key; without it the image is hash-only.")
    Path key;

    @Option(names = {"-v", "--version"}, required = true, paramLabel = "VERSION", description = "maj.min.rev+build")
    String version;

    @Option(names = {"-H", "--header-size"}, required = true, converter = BasedNumber.class, paramLabel = "N",
            description = "Header size incl. padding, at least 32 (Zephyr: 0x200).")
    long headerSize;

    @Option(names = "--pad-header", description = "Prepend the header area (erased bytes) to INFILE.")
    boolean padHeader;

    @Option(names = {"-S", "--slot-size"}, required = true, converter = BasedNumber.class, paramLabel = "N",
            description = "Size of the (secondary) slot the image must fit.")
    long slotSize;

    @Option(names = "--align", defaultValue = "1", paramLabel = "N", description = "Flash write alignment: 1,2,4,8,16,32.")
    int align;

    @Option(names = "--max-align", paramLabel = "N", description = "BOOT_MAX_ALIGN: 8, 16 or 32 (default max(8, align)).")
    Integer maxAlign;

    @Option(names = {"-M", "--max-sectors"}, defaultValue = "128", paramLabel = "N", description = "Sectors in the swap status.")
    int maxSectors;

    @Option(names = "--overwrite-only", description = "The bootloader overwrites instead of swapping.")
    boolean overwriteOnly;

    @Option(names = "--pad", description = "Pad to --slot-size and write the trailer magic.")
    boolean pad;

    @Option(names = "--confirm", description = "Pad and mark the image confirmed (implies --pad).")
    boolean confirm;

    @Option(names = "--test", description = "Pad and leave the image for a test swap (implies --pad).")
    boolean test;

    @Option(names = {"-s", "--security-counter"}, paramLabel = "N|auto", description = "Security counter TLV.")
    String securityCounter;

    @Option(names = "--public-key-format", defaultValue = "hash", paramLabel = "hash|full",
            description = "Identify the key by its hash (KEYHASH) or in full (PUBKEY).")
    String publicKeyFormat;

    @Option(names = "--pure", description = "Ed25519 over the image itself rather than its digest.")
    boolean pure;

    @Option(names = "--sha", defaultValue = "auto", paramLabel = "auto|256|384|512", description = "Image hash.")
    String sha;

    @Option(names = {"-d", "--dependencies"}, paramLabel = "DEPS", description = "\"(<image id>,<version>), ...\"")
    String dependencies;

    @Option(names = "--custom-tlv", arity = "2", paramLabel = "TAG VALUE",
            description = "Protected vendor TLV (0xa0..0xfffe); VALUE 0x-hex or a string. Repeatable.")
    List<String> customTlvs = new ArrayList<>();

    @Option(names = {"-L", "--load-addr"}, converter = BasedNumber.class, paramLabel = "ADDR", description = "RAM load address.")
    long loadAddress;

    @Option(names = "--non-bootable", description = "Mark the image non-bootable.")
    boolean nonBootable;

    @Option(names = {"-R", "--erased-val"}, defaultValue = "0xff", paramLabel = "0|0xff", description = "Erased flash value.")
    String erasedValue;

    @Parameters(index = "0", paramLabel = "INFILE")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTFILE")
    Path output;

    @Override
    public Integer call() throws Exception {
        SignOptions options = options();
        Optional<SigningKey> signingKey = key == null ? Optional.empty() : Optional.of(PemKeys.readPrivate(key));
        byte[] image;
        try {
            image = ImageSigner.sign(Files.readAllBytes(input), options, signingKey);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AtomicFile.write(output, image, false, true);
        spec.commandLine().getOut().printf("wrote %s: %d bytes, version %s, %s%n", output, image.length,
                options.version(), signingKey.map(k -> "signed with " + k.type().cliName() + " key " + k.name())
                        .orElse("hash only"));
        return 0;
    }

    private SignOptions options() {
        try {
            ImageVersion v = ImageVersion.parse(version);
            SignOptions o = SignOptions.defaults(v).withHeader(Math.toIntExact(headerSize), padHeader)
                    .withAlign(align, maxAlign == null ? Math.max(8, align) : maxAlign)
                    .withLayout(maxSectors, overwriteOnly).withSlotSize(slotSize).withPad(pad || test, confirm)
                    .withPublicKeyFormat(switch (publicKeyFormat) {
                        case "hash" -> PublicKeyFormat.HASH;
                        case "full" -> PublicKeyFormat.FULL;
                        default -> throw new IllegalArgumentException("--public-key-format must be hash or full");
                    })
                    .withPure(pure).withDependencies(parseDependencies()).withCustomTlvs(parseCustomTlvs())
                    .withLoadAddress(loadAddress, nonBootable)
                    .withErasedValue(switch (erasedValue) {
                        case "0" -> 0;
                        case "0xff" -> 0xff;
                        default -> throw new IllegalArgumentException("--erased-val must be 0 or 0xff");
                    });
            if (securityCounter != null) {
                o = o.withSecurityCounter(securityCounter.equalsIgnoreCase("auto")
                        ? v.autoSecurityCounter() : BasedNumber.parse(securityCounter));
            }
            if (!sha.equals("auto")) {
                o = o.withSha(HashAlgorithm.ofBits(sha).orElseThrow(
                        () -> new IllegalArgumentException("--sha must be auto, 256, 384 or 512")));
            }
            return o;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<ImageDependency> parseDependencies() {
        if (dependencies == null) {
            return List.of();
        }
        List<ImageDependency> deps = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(dependencies);
        int end = 0;
        while (m.find()) {
            deps.add(new ImageDependency(Integer.parseInt(m.group(1)), ImageVersion.parse(m.group(2))));
            end = m.end();
        }
        if (deps.isEmpty() || !dependencies.substring(end).replaceAll("[\\s,]", "").isEmpty()) {
            throw new IllegalArgumentException("image dependency format is invalid: " + dependencies
                    + " (expected \"(<image id>,<version>), ...\")");
        }
        return deps;
    }

    private List<Tlv> parseCustomTlvs() {
        List<Tlv> tlvs = new ArrayList<>();
        for (int i = 0; i + 1 < customTlvs.size(); i += 2) {
            int tag = Math.toIntExact(BasedNumber.parse(customTlvs.get(i)));
            String value = customTlvs.get(i + 1);
            byte[] bytes;
            if (value.startsWith("0x")) {
                if (value.length() % 2 != 0) {
                    throw new IllegalArgumentException("custom TLV length is odd: " + value);
                }
                bytes = HexFormat.of().parseHex(value.substring(2));
            } else {
                bytes = value.getBytes(StandardCharsets.UTF_8);
            }
            tlvs.add(new Tlv(tag, bytes));
        }
        return tlvs;
    }

}
