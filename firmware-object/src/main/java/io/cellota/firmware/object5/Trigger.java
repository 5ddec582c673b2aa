package io.cellota.firmware.object5;

import java.util.Objects;

/**
 * An event that may move the Firmware Update state machine (LwM2M 1.0 TS Figure 29; the resource 3
 * and 10 text of OMA-SUP-XML_5-V1_1): a server operation on {@code /5/0/x} or an outcome the device
 * reports of its own download or update.
 *
 * <p>Server operations: {@link PackageWriteStarted}, {@link PackageReset}, {@link PackageUriWritten},
 * {@link UpdateExecuted}, {@link CancelExecuted}. Device outcomes: {@link DownloadCompleted},
 * {@link DownloadFailed}, {@link UpdateSucceeded}, {@link UpdateFailed}, {@link UpdateDeferred},
 * {@link DeferredUpdateStarted}. Turn a raw Write into a trigger with {@link #ofPackageWrite} and
 * {@link #ofPackageUriWrite}, which know which payloads reset the machine.
 */
public sealed interface Trigger {

    /** The object version that introduced this trigger; 1.0 unless the record says otherwise. */
    default ObjectVersion since() {
        return ObjectVersion.V1_0;
    }

    /**
     * The trigger for a Write of {@code /5/0/0} whose payload (or first block) is {@code payload}: a
     * single NULL byte ({@code '\0'}, ETS int-770 step 1a) resets; so does an empty payload, our
     * reading of "setting the Package Resource to NULL" for an opaque value, since an empty package
     * can never be firmware. Anything else starts a push.
     */
    static Trigger ofPackageWrite(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        boolean reset = payload.length == 0 || (payload.length == 1 && payload[0] == 0);
        return reset ? new PackageReset() : new PackageWriteStarted();
    }

    /**
     * The trigger for a Write of {@code /5/0/1} with {@code value}: the empty string resets (ETS
     * int-771), any other value asks the device to pull from it.
     */
    static Trigger ofPackageUriWrite(String value) {
        Objects.requireNonNull(value, "value");
        return value.isEmpty() ? new PackageReset() : new PackageUriWritten(value);
    }

    /** A block-wise Write of the Package resource {@code /5/0/0} begins: a push download starts. */
    record PackageWriteStarted() implements Trigger {
    }

    /**
     * A Write of the single NULL byte to Package {@code /5/0/0}, or of the empty string to Package
     * URI {@code /5/0/1}: "resets the Firmware Update State Machine".
     */
    record PackageReset() implements Trigger {
    }

    /**
     * A Write of a non-empty Package URI {@code /5/0/1}: the device pulls from {@code uri}. The URI is
     * not parsed here: a bad one is accepted and then reported as Update Result 7 or 9.
     */
    record PackageUriWritten(String uri) implements Trigger {
        /** Checks the URI is present and not empty (the empty URI is a {@link PackageReset}). */
        public PackageUriWritten {
            Objects.requireNonNull(uri, "uri");
            if (uri.isEmpty()) {
                throw new IllegalArgumentException("an empty Package URI is a PackageReset");
            }
        }
    }

    /** The device has the whole package, pushed or pulled, and accepts it. */
    record DownloadCompleted() implements Trigger {
    }

    /**
     * The download ended in an error the device reports as {@code reason}: 2, 3, 4, 5, 6, 7 or 9
     * ({@link UpdateResult#isDownloadFailure()}).
     */
    record DownloadFailed(UpdateResult reason) implements Trigger {
        /** Checks the reason is one a download can end with. */
        public DownloadFailed {
            Objects.requireNonNull(reason, "reason");
            if (!reason.isDownloadFailure()) {
                throw new IllegalArgumentException("a download cannot fail with " + reason);
            }
        }
    }

    /** An Execute of Update {@code /5/0/2}, which the device starts at once. */
    record UpdateExecuted() implements Trigger {
    }

    /** The device runs the new firmware (usually after a reboot). */
    record UpdateSucceeded() implements Trigger {
    }

    /**
     * Installing the package failed with {@code reason}: 8, or 5 for an integrity failure found while
     * installing ({@link UpdateResult#isUpdateFailure()}).
     */
    record UpdateFailed(UpdateResult reason) implements Trigger {
        /** Checks the reason is one an update can end with. */
        public UpdateFailed {
            Objects.requireNonNull(reason, "reason");
            if (!reason.isUpdateFailure()) {
                throw new IllegalArgumentException("an update cannot fail with " + reason);
            }
        }
    }

    /**
     * An Execute of Update {@code /5/0/2} that the user deferred instead of starting (v1.1, resource
     * 3: "the state stays in Downloaded state and the Update Result is set to 11").
     */
    record UpdateDeferred() implements Trigger {
        @Override
        public ObjectVersion since() {
            return ObjectVersion.V1_1;
        }
    }

    /**
     * A deferred update starts, because the user accepted it or the Maximum Defer Period ran out
     * (v1.1, resources 3 and 13: "Once a user accepted the firmware update, the state changes to
     * Updating").
     */
    record DeferredUpdateStarted() implements Trigger {
        @Override
        public ObjectVersion since() {
            return ObjectVersion.V1_1;
        }
    }

    /** An Execute of Cancel {@code /5/0/10} (v1.1). */
    record CancelExecuted() implements Trigger {
        @Override
        public ObjectVersion since() {
            return ObjectVersion.V1_1;
        }
    }
}
