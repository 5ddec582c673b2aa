/**
 * {@code cellota demo}: the whole product on one machine with nothing set up. It starts the server on embedded
 * defaults, a fleet of simulated nRF91-class devices that reach it over an emulated LTE-M link (the impairment
 * proxy), registers their credentials, signs and uploads a new firmware image, and rolls it out with a campaign
 * that has a canary wave, while a few devices are set to fail the way real ones do. Everything goes through the
 * server's public REST API, as an operator's script would.
 */
package io.cellota.server.demo;
