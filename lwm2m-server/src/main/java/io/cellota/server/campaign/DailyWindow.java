package io.cellota.server.campaign;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A time of day during which a campaign may start devices, such as 01:00–05:00, read in the campaign's time zone:
 * from {@code from} (included) to {@code to} (excluded). A window whose end comes before its start runs over
 * midnight (22:00–02:00).
 */
public record DailyWindow(LocalTime from, LocalTime to) {

    /** Checks both ends are present and differ. */
    public DailyWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a daily window ends at another time than it starts: " + from);
        }
    }

    /** Whether {@code time} of day lies in this window. */
    public boolean contains(LocalTime time) {
        return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }

    @Override
    public String toString() {
        return from + "–" + to;
    }
}
