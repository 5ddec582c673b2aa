package io.cellota.server.devices;

/** {@link InMemoryCredentialRepository} keeps the {@link CredentialRepository} contract. */
class InMemoryCredentialRepositoryTest extends CredentialRepositoryContract {

    @Override
    protected CredentialRepository newRepository() {
        return new InMemoryCredentialRepository();
    }
}
