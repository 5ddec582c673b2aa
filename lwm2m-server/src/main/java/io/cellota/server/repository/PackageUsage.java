package io.cellota.server.repository;

/**
 * Whether something (a campaign, a device's pending update) still needs a package, so that the repository
 * refuses to delete it. The campaign engine provides the real one.
 */
@FunctionalInterface
public interface PackageUsage {

    boolean inUse(String packageId);

    /** Nothing uses any package: every delete is allowed. */
    static PackageUsage never() {
        return packageId -> false;
    }
}
