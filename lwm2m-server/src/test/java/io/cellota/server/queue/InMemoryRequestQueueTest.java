package io.cellota.server.queue;

/** {@link InMemoryRequestQueue} keeps the {@link RequestQueue} contract. */
class InMemoryRequestQueueTest extends RequestQueueContract {

    @Override
    protected RequestQueue newQueue() {
        return new InMemoryRequestQueue();
    }
}
