package io.cellota.server.campaign;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a campaign starts devices: not before {@code startAt} (at once when empty), not from {@code endAt} on
 * (never ends when empty), and, when {@code windows} are given, only inside one of them, read as local time in
 * {@code zone} (daylight saving included). Outside a window, or after the end, nothing new starts; updates that
 * are running finish.
 */
public record Schedule(Optional<Instant> startAt, Optional<Instant> endAt, ZoneId zone, List<DailyWindow> windows) {

    /** Start at once, never end, any time of day. */
    public static final Schedule ANYTIME = new Schedule(Optional.empty(), Optional.empty(), ZoneOffset.UTC, List.of());

    /** Checks every part is present and the end comes after the start. */
    public Schedule {
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(endAt, "endAt");
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
        if (startAt.isPresent() && endAt.isPresent() && !endAt.get().isAfter(startAt.get())) {
            throw new IllegalArgumentException("the end (" + endAt.get() + ") comes after the start ("
                    + startAt.get() + ")");
        }
    }

    /** This schedule starting at {@code time}. */
    public Schedule withStartAt(Instant time) {
        return new Schedule(Optional.of(time), endAt, zone, windows);
    }

    /** This schedule ending at {@code time}. */
    public Schedule withEndAt(Instant time) {
        return new Schedule(startAt, Optional.of(time), zone, windows);
    }

    /** This schedule starting devices only inside {@code daily} windows in {@code timeZone}. */
    public Schedule withWindows(ZoneId timeZone, List<DailyWindow> daily) {
        return new Schedule(startAt, endAt, timeZone, daily);
    }

    /** Whether the start time has come. */
    public boolean hasBegun(Instant now) {
        return startAt.map(s -> !now.isBefore(s)).orElse(true);
    }

    /** Whether the end time has come. */
    public boolean hasEnded(Instant now) {
        return endAt.map(e -> !now.isBefore(e)).orElse(false);
    }

    /** Whether {@code now} lies in a daily window (always, without windows). */
    public boolean inWindow(Instant now) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(now.atZone(zone).toLocalTime()));
    }

    /** Whether a device may be started at {@code now}: begun, not ended, in a window. */
    public boolean allowsStarts(Instant now) {
        return hasBegun(now) && !hasEnded(now) && inWindow(now);
    }
}
