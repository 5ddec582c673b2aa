/**
 * Webhooks: integrators register a callback URL for the event types they want; every matching server event
 * (the same events as {@code GET /api/v1/events}) is written to a durable outbox as it is published, then
 * POSTed to the URL, signed with HMAC-SHA256 under the webhook's secret, in order, retried with exponential
 * backoff while the receiver is down, and kept as a visible delivery history. Nothing is lost when the
 * receiver, or the server, is down for a while. See docs/webhooks.md.
 */
package io.cellota.server.webhooks;
