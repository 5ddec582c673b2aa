/**
 * {@code cellota bench}: the instrument behind our speed claims. It measures, on this machine and over the
 * device client's impairment proxy, how long the device's own downloader takes to fetch a signed image from the
 * server's own firmware resource per link profile and window, how many UDP bytes it spends per firmware byte,
 * how much the server serves per second and per CPU second, what a registered device costs the server, and how a
 * reference peer (libcoap) does on the same link; and it compares each figure with its physical limit
 * ({@link io.cellota.server.bench.WireModel}). Results: a table, {@code --json}, PNG plots. See
 * {@code docs/benchmarks.md}.
 *
 * <p>This is a launcher feature: like {@code fleet} it may use the device simulator; the server's own packages
 * never do.
 */
package io.cellota.server.bench;
