package io.cellota.server.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code cellota --version}: the build's version, and the Java runtime it runs on. */
final class CellotaVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = CellotaCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "cellota " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
