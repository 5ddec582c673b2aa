package io.cellota.server.campaign;

/** {@link CampaignStoreContract} on {@link InMemoryCampaignStore}. */
class CampaignStoreInMemoryTest extends CampaignStoreContract {

    @Override
    protected CampaignStore newStore() {
        return new InMemoryCampaignStore();
    }
}
