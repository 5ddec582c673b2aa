package io.cellota.server.cli;

public final class CellotaCommand {
    public static void main(String[] args) {
    }
}
