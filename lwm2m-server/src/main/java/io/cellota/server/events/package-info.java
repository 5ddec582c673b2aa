/** The server's event stream: device and update transitions, for the API's Server-Sent Events and webhooks. */
package io.cellota.server.events;
