/**
 * The server assembled: configuration in, every component built and wired (database, repository, LwM2M,
 * delivery, update engine, REST), started in order and stopped in reverse.
 */
package io.cellota.server.app;
