package io.cellota.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.rest.RestServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over real HTTP on the API's server: the text format, open or behind its own token. */
class MetricsRoutesIT {

    private static final String ADMIN = "admin-token";
    private static final String SCRAPER = "scraper-token";

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private RestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        meters.close();
    }

    private void serve(Optional<String> token) {
        server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), ADMIN,
                List.of(new MetricsRoutes(meters, token)));
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void without_a_token_configured_anyone_may_scrape_the_text_format() throws Exception {
        Counter.builder("cellota.probe").description("a probe").register(meters).increment(3);
        serve(Optional.empty());

        HttpResponse<String> r = scrape(null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString()
                .startsWith("text/plain").contains("version=0.0.4").containsIgnoringCase("charset=utf-8");
        assertThat(r.body()).contains("# TYPE cellota_probe_total counter").contains("cellota_probe_total 3.0");
    }

    @Test
    void with_a_token_configured_a_scrape_without_it_is_refused_with_a_challenge() throws Exception {
        serve(Optional.of(SCRAPER));

        HttpResponse<String> r = scrape(null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(RestServer.JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void with_a_token_configured_only_that_token_opens_the_metrics() throws Exception {
        Counter.builder("cellota.probe").register(meters).increment();
        serve(Optional.of(SCRAPER));

        assertThat(scrape("Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(scrape("Bearer " + ADMIN).statusCode()).as("the admin token is not the metrics token")
                .isEqualTo(401);
        assertThat(scrape("Basic " + SCRAPER).statusCode()).isEqualTo(401);
        assertThat(scrape("Bearer " + SCRAPER + "x").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = scrape("Bearer " + SCRAPER);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("cellota_probe_total 1.0");
        assertThat(scrape("bearer " + SCRAPER).statusCode()).as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void an_empty_token_is_refused_rather_than_opening_the_metrics_by_surprise() {
        assertThatThrownBy(() -> new MetricsRoutes(meters, Optional.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
