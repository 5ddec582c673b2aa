/** The server's configuration: one immutable record, filled from defaults, a file, the environment and the command line. */
package io.cellota.server.config;
