package io.cellota.server.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A registered callback.
 *
 * @param id          {@code wh-} and random letters
 * @param url         where deliveries are POSTed: http or https
 * @param events      which event types it gets ({@link EventPatterns})
 * @param secret      the HMAC-SHA256 key, hex; shown once, when the webhook is created
 * @param description the integrator's note
 */
public record Webhook(String id, URI url, EventPatterns events, String secret, String description, Instant createdAt) {

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The URL a webhook may have: absolute http or https with a host, no user info, no fragment. */
    public static URI checkedUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("url is not a URI: "
                    + (e.getMessage() == null ? "missing" : e.getMessage()));
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("http", "https").contains(scheme) || url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must be an absolute http:// or https:// URL with a host");
        }
        if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have user info or a fragment");
        }
        if (text.length() > 2000) {
            throw new IllegalArgumentException("url has more than 2000 characters");
        }
        return url;
    }
}
