package io.cellota.firmware.tool;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** imgtool's {@code BasedIntParamType}: decimal, or {@code 0x}, {@code 0o}, {@code 0b} prefixed. */
final class BasedNumber implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        try {
            if (v.startsWith("0x")) {
                return Long.parseLong(v.substring(2), 16);
            }
            if (v.startsWith("0o")) {
                return Long.parseLong(v.substring(2), 8);
            }
            if (v.startsWith("0b")) {
                return Long.parseLong(v.substring(2), 2);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a valid integer; use decimal or a 0x/0o/0b prefix");
        }
    }
}
