package io.cellota.server.campaign;

/** How a campaign is cancelled ({@code POST /api/v1/campaigns/{id}/cancel}, {@code {"mode": "soft|hard"}}). */
public enum CancelMode {
    /** No device starts any more; the updates running finish. */
    SOFT,
    /** No device starts any more, and the running updates are cancelled on the devices (those installing finish). */
    HARD
}
