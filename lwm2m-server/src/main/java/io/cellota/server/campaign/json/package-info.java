/**
 * Campaign specs as JSON, one format for the REST API's request body and the stored document, read strictly with
 * the path of every fault in the message. Jackson stays here, out of the pure {@code server.campaign} package.
 */
package io.cellota.server.campaign.json;
