package io.cellota.server.repository;

import java.util.Optional;

/** Where delivery finds the content of a package by its id. */
@FunctionalInterface
public interface PackageFiles {

    Optional<PackageFile> file(String packageId);
}
