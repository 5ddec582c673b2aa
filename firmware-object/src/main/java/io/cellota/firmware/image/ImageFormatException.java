package io.cellota.firmware.image;

/**
 * The one error a malformed image yields: a {@link Reason} for programs, a message for people, and the byte
 * offset where the problem was found.
 */
public final class ImageFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an image could not be read. */
    public enum Reason {
        /** The file ends before a structure the header promises. */
        TRUNCATED,
        /** {@code ih_magic} is not MCUboot's. */
        BAD_MAGIC,
        /** The slot holds no image: the header reads as erased flash. */
        ERASED,
        /** {@code ih_hdr_size} is smaller than the 32-byte header. */
        BAD_HEADER_SIZE,
        /** {@code ih_img_size} runs past the end of the file, which holds a complete TLV area earlier. */
        IMAGE_SIZE_EXCEEDS_FILE,
        /** A TLV area's info magic is wrong. */
        BAD_TLV_MAGIC,
        /** {@code ih_protect_tlv_size} disagrees with the protected area found. */
        PROTECTED_SIZE_MISMATCH,
        /** A TLV area (its {@code it_tlv_tot}) runs past the file. */
        TLV_AREA_OVERRUNS,
        /** A TLV entry runs past the end of its area, or an area's total is too small. */
        TLV_ENTRY_OVERRUNS,
        /** The file goes on after the TLV area with bytes that are neither slot padding nor a trailer. */
        TRAILING_DATA,
        /** The image does not fit the slot it is meant for. */
        TOO_LARGE_FOR_SLOT
    }

    private final Reason reason;
    private final long offset;

    public ImageFormatException(Reason reason, long offset, String message) {
        super(message);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** The byte offset in the image where the problem shows. */
    public long offset() {
        return offset;
    }
}
