package io.cellota.device.download;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.coap.Request;

/** The block requests a CoAP download has in flight, each with its watchdog. Guarded by the session's lock. */
final class InFlight {

    private final Map<Request, BlockExchange> requests = new HashMap<>();

    void add(Request request, BlockExchange exchange) {
        requests.put(request, exchange);
    }

    /** Forgets {@code request} and stops its watchdog; null when it was not (or no longer) in flight. */
    BlockExchange remove(Request request) {
        BlockExchange exchange = requests.remove(request);
        if (exchange != null) {
            exchange.cancelWatchdog();
        }
        return exchange;
    }

    /** The exchanges in flight, a live view: read and change them under the session's lock only. */
    Collection<BlockExchange> exchanges() {
        return requests.values();
    }

    /** Forgets every request and cancels it in Californium. */
    void cancelAll() {
        List<Request> all = List.copyOf(requests.keySet());
        requests.values().forEach(BlockExchange::cancelWatchdog);
        requests.clear();
        all.forEach(Request::cancel);
    }
}
