package io.cellota.server.campaign;

import java.util.Objects;

/**
 * A command to a campaign that cannot be honoured, with a {@link Reason} the REST layer maps to an HTTP status and a
 * message for the operator.
 */
public final class CampaignRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a command is refused. */
    public enum Reason {
        /** No campaign has this id. */
        NOT_FOUND,
        /** The campaign's status does not allow the command (starting a running campaign, resuming a finished one). */
        WRONG_STATUS
    }

    private final Reason reason;

    /** A refusal for {@code reason}, explained by {@code message}. */
    public CampaignRefusedException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the command was refused. */
    public Reason reason() {
        return reason;
    }
}
