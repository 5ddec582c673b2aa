package io.cellota.server.update;

/** {@link InMemoryUpdateStore} keeps the {@link UpdateStore} contract. */
class InMemoryUpdateStoreTest extends UpdateStoreContract {

    @Override
    protected UpdateStore newStore() {
        return new InMemoryUpdateStore();
    }
}
