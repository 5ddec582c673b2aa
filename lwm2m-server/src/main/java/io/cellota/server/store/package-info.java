/**
 * The server's persistence: one JDBC layer ({@link io.cellota.server.store.Database}) over an embedded H2
 * database by default or PostgreSQL by configuration, with Flyway migrations from {@code db/migration}.
 * Stores of every feature package use it; none uses an ORM.
 */
package io.cellota.server.store;
