/**
 * The web console: plain HTML, CSS and JavaScript modules served from the jar (no CDN, no build step), at
 * {@code /} with its assets under {@code /console/}. It uses only the public API under {@code /api/v1} with a
 * session cookie, and the event stream for live updates. docs/console.md describes it page by page.
 */
package io.cellota.server.console;
