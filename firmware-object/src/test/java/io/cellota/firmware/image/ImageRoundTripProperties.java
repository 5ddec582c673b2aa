package io.cellota.firmware.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.signing.VerificationResult;
import io.cellota.firmware.testkit.ReferenceImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random images round-trip through signer and reader, and no single corrupted byte goes unnoticed. */
class ImageRoundTripProperties {

    private static final SigningKey KEY = ReferenceImages.privateKey("ed25519");
    private static final ImageVerifier VERIFIER = new ImageVerifier(List.of(KEY.publicKey()));

    /** Images as a firmware team might build them, with every option that shapes the layout varied. */
    record Case(byte[] payload, SignOptions options, boolean signed) {
    }

    @Provide
    Arbitrary<Case> images() {
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(3000);
        Arbitrary<ImageVersion> versions = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 0xffff),
                Arbitraries.longs().between(0, 0xffff_ffffL)).as(ImageVersion::new);
        Arbitrary<Integer> headers = Arbitraries.of(32, 64, 0x100, 0x200);
        Arbitrary<Optional<Long>> counters = Arbitraries.longs().between(0, 0xffff_ffffL).optional();
        Arbitrary<List<ImageDependency>> deps = Combinators.combine(Arbitraries.integers().between(0, 255), versions)
                .as(ImageDependency::new).list().ofMaxSize(3);
        Arbitrary<List<Tlv>> custom = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .map(v -> new Tlv(0xa0, v)).list().ofMaxSize(1);
        Arbitrary<Boolean> padded = Arbitraries.of(true, false);
        return Combinators.combine(payloads, versions, headers, counters, deps, custom, padded, Arbitraries.of(true, false))
                .as((payload, version, header, counter, dependencies, tlvs, pad, signed) -> {
                    SignOptions o = SignOptions.defaults(version).withHeader(header, true).withAlign(4)
                            .withDependencies(dependencies).withCustomTlvs(tlvs);
                    if (counter.isPresent()) {
                        o = o.withSecurityCounter(counter.get());
                    }
                    if (pad) {
                        o = o.withSlotSize(0x2000).withPad(true, false);
                    }
                    return new Case(payload, o, signed);
                });
    }

    @Property(tries = 300)
    void a_written_image_reads_back_with_the_same_header_and_tlvs(@ForAll("images") Case c) throws Exception {
        byte[] image = ImageSigner.sign(c.payload(), c.options(), c.signed() ? Optional.of(KEY) : Optional.empty());

        McubootImage read = ImageReader.read(image);

        assertThat(read.version()).isEqualTo(c.options().version());
        assertThat(read.header().headerSize()).isEqualTo(c.options().headerSize());
        assertThat(read.header().imageSize()).isEqualTo(c.payload().length);
        assertThat(read.securityCounter().isPresent()).isEqualTo(c.options().securityCounter().isPresent());
        c.options().securityCounter().ifPresent(v -> assertThat(read.securityCounter()).hasValue(v));
        assertThat(read.dependencies()).isEqualTo(c.options().dependencies());
        assertThat(read.slot().isPresent()).isEqualTo(c.options().pad());
        List<Tlv> expectedProtected = new ArrayList<>(read.protectedTlvs().map(TlvArea::entries).orElse(List.of()));
        assertThat(expectedProtected).containsAll(c.options().customTlvs());
        VerificationResult result = (c.signed() ? VERIFIER : ImageVerifier.hashOnly()).verify(image);
        assertThat(result.isValid()).as(result.describe()).isTrue();
    }

    @Property(tries = 200)
    void a_single_corrupted_byte_anywhere_in_a_signed_image_is_a_typed_failure(
            @ForAll("images") Case c, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor) throws Exception {
        byte[] image = ImageSigner.sign(c.payload(), c.options().withPad(false, false).withSlotSize(0), Optional.of(KEY));
        int at = where % image.length;
        image[at] ^= (byte) xor;

        VerificationResult result = VERIFIER.verify(image);

        assertThat(result.isValid()).as("byte %d of %d xor %d", at, image.length, xor).isFalse();
    }

    @Property(tries = 200)
    void reading_garbage_never_throws_anything_but_the_typed_error(
            @ForAll @net.jqwik.api.constraints.Size(max = 600) byte[] garbage) {
        byte[] withMagic = garbage.clone();
        if (withMagic.length >= 4) {
            withMagic[0] = 0x3d;
            withMagic[1] = (byte) 0xb8;
            withMagic[2] = (byte) 0xf3;
            withMagic[3] = (byte) 0x96;
        }
        for (byte[] input : new byte[][] {garbage, withMagic}) {
            try {
                ImageReader.read(input);
            } catch (ImageFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Property(tries = 100)
    void version_text_round_trips(@ForAll @IntRange(max = 255) int major, @ForAll @IntRange(max = 255) int minor,
                                  @ForAll @IntRange(max = 0xffff) int revision, @ForAll @IntRange(max = Integer.MAX_VALUE) int build) {
        ImageVersion v = new ImageVersion(major, minor, revision, build);
        assertThat(ImageVersion.parse(v.toString())).isEqualTo(v);
        assertThatThrownBy(() -> ImageVersion.parse("0" + v)).isInstanceOf(IllegalArgumentException.class);
    }
}
