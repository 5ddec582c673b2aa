package io.cellota.device.download;

import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;

/** Hands Californium's events about one block request to its session, on the session's scheduler. */
final class BlockObserver extends MessageObserverAdapter {

    private final CoapDownloadSession session;
    private final Request request;
    private final BlockExchange exchange;
    private final SessionTasks tasks;

    BlockObserver(CoapDownloadSession session, Request request, BlockExchange exchange, SessionTasks tasks) {
        this.session = session;
        this.request = request;
        this.exchange = exchange;
        this.tasks = tasks;
    }

    @Override
    public void onResponse(Response response) {
        tasks.run(() -> session.answered(request, response));
    }

    @Override
    public void onTimeout() {
        tasks.run(() -> session.unanswered(request, "no answer after " + request.getReliabilityLayerParameters()
                .getMaxRetransmit() + " retransmissions"));
    }

    @Override
    public void onReject() {
        tasks.run(() -> session.unanswered(request, "reset by the server"));
    }

    @Override
    public void onCancel() {
        tasks.run(() -> session.unanswered(request, "cancelled by the endpoint"));
    }

    @Override
    public void onSendError(Throwable error) {
        tasks.run(() -> session.unanswered(request, "cannot send: " + error));
    }

    @Override
    public void onRetransmission() {
        exchange.noRttSample = true;
        tasks.run(() -> session.retransmitting(exchange));
    }

    @Override
    public void onConnecting() {
        exchange.noRttSample = true;
    }
}
