package io.cellota.device.download;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams one HTTP response body into its download, one buffer list at a time (back-pressure: the next is
 * requested only once the last is written), so the body is never held whole in memory.
 */
final class BodyWriter implements BodySubscriber<Void> {

    private final HttpDownloadSession session;
    private final HttpAttempt attempt;
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    BodyWriter(HttpDownloadSession session, HttpAttempt attempt) {
        this.session = session;
        this.attempt = attempt;
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
        subscription = given;
        if (session.subscribed(attempt, given)) {
            given.request(1);
        } else {
            given.cancel();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (session.received(attempt, buffers)) {
            subscription.request(1);
        } else {
            subscription.cancel();
            body.complete(null);
        }
    }

    @Override
    public void onError(Throwable error) {
        session.dropped(attempt, error);
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        session.ended(attempt);
        body.complete(null);
    }

    @Override
    public CompletionStage<Void> getBody() {
        return body;
    }
}
