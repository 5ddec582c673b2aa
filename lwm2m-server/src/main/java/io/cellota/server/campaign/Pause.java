package io.cellota.server.campaign;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why a campaign is {@link CampaignStatus#PAUSED}: the operator paused it, or it paused itself because a wave's
 * failures crossed its failure threshold, or because a wave ended below its success threshold; the wave and a
 * sentence for operators say which and why.
 *
 * @param wave the wave (from 0) the pause is about; empty when the operator paused
 */
public record Pause(Kind kind, OptionalInt wave, String reason, Instant since) {

    /** Who paused the campaign, and on what ground. */
    public enum Kind {
        /** {@code POST /api/v1/campaigns/{id}/pause}. */
        OPERATOR,
        /** More of a wave's devices failed than its failure threshold allows. */
        FAILURE_THRESHOLD,
        /** Every device of a wave ended, and too few succeeded to open the next. */
        SUCCESS_SHORTFALL
    }

    /** Checks every part is present and the reason says something. */
    public Pause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(wave, "wave");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a pause says why");
        }
    }
}
