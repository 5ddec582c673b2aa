/**
 * The simulated device's LwM2M client: Eclipse Leshan's client on Californium/Scandium, configured for
 * cellular links, with our enablers for objects 3, 4 and 5, connectors that share one datagram thread across a
 * fleet and gate traffic by the radio (PSM), and a block-by-block receiver for pushed packages. The only package
 * of the device that imports Leshan.
 */
package io.cellota.device.lwm2m;
