package io.cellota.firmware.image;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version in an MCUboot image header ({@code struct image_version}): {@code u8 major, u8 minor,
 * u16 revision, u32 build_num}, written {@code major.minor.revision+build} as imgtool's {@code --version}.
 *
 * <p>Ordering follows MCUboot: {@link #compareTo} compares major, minor and revision only, as MCUboot does
 * unless built with {@code MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER}; {@link #compareIncludingBuild} adds the
 * build number.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public record ImageVersion(int major, int minor, int revision, long buildNumber) implements Comparable<ImageVersion> {

    /** imgtool's {@code version.py} grammar: later parts optional, no leading zeros. */
    private static final Pattern GRAMMAR =
            Pattern.compile("([1-9]\\d*|0)(?:\\.([1-9]\\d*|0)(?:\\.([1-9]\\d*|0)(?:\\+([1-9]\\d*|0))?)?)?");

    private static final Comparator<ImageVersion> ORDER = Comparator.comparingInt(ImageVersion::major)
            .thenComparingInt(ImageVersion::minor)
            .thenComparingInt(ImageVersion::revision);

    public static final ImageVersion ZERO = new ImageVersion(0, 0, 0, 0);

    public ImageVersion {
        requireRange("major", major, 0xff);
        requireRange("minor", minor, 0xff);
        requireRange("revision", revision, 0xffff);
        requireRange("build number", buildNumber, 0xffff_ffffL);
    }

    /**
     * Parses {@code maj[.min[.rev[+build]]]}.
     *
     * @throws IllegalArgumentException with a message a person can act on
     */
    public static ImageVersion parse(String text) {
        Matcher m = GRAMMAR.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid version '" + text
                    + "': expected major.minor.revision+build, later parts optional (e.g. 1.2.3+4)");
        }
        try {
            return new ImageVersion(part(m.group(1)), part(m.group(2)), part(m.group(3)),
                    m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid version '" + text + "': a part is out of range", e);
        }
    }

    private static int part(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    private static void requireRange(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("version " + name + " " + value + " is outside 0.." + max);
        }
    }

    /** MCUboot's order: major, minor, revision; the build number is ignored. */
    @Override
    public int compareTo(ImageVersion other) {
        return ORDER.compare(this, other);
    }

    /** The order MCUboot uses with {@code MCUBOOT_VERSION_CMP_USE_BUILD_NUMBER}. */
    public int compareIncludingBuild(ImageVersion other) {
        int c = compareTo(other);
        return c != 0 ? c : Long.compare(buildNumber, other.buildNumber);
    }

    /** The security counter imgtool derives with {@code --security-counter auto}. */
    public long autoSecurityCounter() {
        return ((long) major << 24) + ((long) minor << 16) + revision;
    }

    /** {@code major.minor.revision+build}, as imgtool prints it. */
    @Override
    public String toString() {
        return major + "." + minor + "." + revision + "+" + buildNumber;
    }
}
