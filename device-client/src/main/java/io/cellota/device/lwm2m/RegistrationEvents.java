package io.cellota.device.lwm2m;

import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Turns Leshan's registration events into the device's, logged with the endpoint in the MDC. */
final class RegistrationEvents extends LwM2mClientObserverAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationEvents.class);

    private final String endpoint;
    private final LeshanDeviceClient.Listener listener;

    RegistrationEvents(String endpoint, LeshanDeviceClient.Listener listener) {
        this.endpoint = endpoint;
        this.listener = listener;
    }

    @Override
    public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
        try (MDC.MDCCloseable c = MDC.putCloseable("endpoint", endpoint)) {
            LOG.info("registered with {} as {}", server.getUri(), registrationID);
        }
        listener.registered();
    }

    @Override
    public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
        LOG.debug("{}: registration updated", endpoint);
        listener.registered();
    }

    @Override
    public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode responseCode,
                                      String errorMessage, Exception cause) {
        String why = responseCode != null ? responseCode + " " + errorMessage : describe(cause);
        LOG.warn("{}: registration failed: {}", endpoint, why);
        listener.registrationFailed(why);
    }

    /** The exception and its root cause: Leshan wraps a refused DTLS handshake in a bare "unable to send". */
    private static String describe(Exception cause) {
        if (cause == null) {
            return "no cause given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? cause.toString() : cause + ", caused by " + root;
    }

    @Override
    public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
        LOG.warn("{}: registration timed out", endpoint);
        listener.registrationFailed("timeout");
    }

    @Override
    public void onUnexpectedError(Throwable unexpectedError) {
        LOG.error("{}: the LwM2M client stopped on an unexpected error", endpoint, unexpectedError);
        listener.registrationFailed("unexpected error: " + unexpectedError);
    }
}
