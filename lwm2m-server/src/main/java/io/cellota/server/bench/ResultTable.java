package io.cellota.server.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's results as a plain-text table, one row per {@link BenchRow}, columns padded to their widest cell:
 * what was run, the measured median, the limit and the ratio, the number of repetitions, and the note.
 */
final class ResultTable {

    private static final List<String> HEADERS = List.of("scenario", "profile", "transport", "image", "block",
            "window", "metric", "measured", "limit", "ratio", "n", "note");

    private ResultTable() {
    }

    static String render(List<BenchRow> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (BenchRow row : rows) {
            cells.add(List.of(row.scenario(), row.profile(), row.transport(), size(row.imageBytes()),
                    row.blockSize() == 0 ? "-" : Integer.toString(row.blockSize()), row.window(), row.metric(),
                    number(row.value(), row.unit()), row.limit() == null ? "-" : number(row.limit(), row.unit()),
                    row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.ratio()),
                    Integer.toString(row.samples().size()), row.note()));
        }
        int[] widths = new int[HEADERS.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            List<String> line = cells.get(r);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                boolean last = i == widths.length - 1;
                text.append(last ? cell : pad(cell, widths[i], i >= 7 && i <= 10)).append(last ? "" : "  ");
            }
            out.append(text.toString().stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(text.toString().stripTrailing().length())).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code bytes} in the largest binary unit that divides it, e.g. {@code 64 KiB}; {@code -} for 0. */
    static String size(long bytes) {
        if (bytes == 0) {
            return "-";
        }
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    /** A value with three significant figures or more, and its unit. */
    static String number(double value, String unit) {
        String digits = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : Math.abs(value) >= 1 ? String.format(Locale.ROOT, "%.2f", value)
                : String.format(Locale.ROOT, "%.3f", value);
        return unit.isEmpty() ? digits : digits + " " + unit;
    }

    private static String pad(String cell, int width, boolean right) {
        String fill = " ".repeat(width - cell.length());
        return right ? fill + cell : cell + fill;
    }
}
