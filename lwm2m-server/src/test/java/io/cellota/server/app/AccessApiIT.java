package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.auth.FirstAdmin;
import io.cellota.server.config.ServerConfigLoader;
import io.cellota.server.rest.RestServer;
import io.cellota.server.testing.MovableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the API, over real HTTP with the server's clock in the test's hand (no sleeping): 401 without
 * credentials; the session cookie's flags; CSRF token and origin checks on changes; idle and absolute expiry;
 * sign-out; the roles' 403s; sessions ending when a user changes; API tokens made, used, expired and revoked;
 * sign-in throttling; the first admin's generated password, its file, and the file's end.
 */
class AccessApiIT {

    private static final String ADMIN_TOKEN = "access-admin-token";
    private static final String PASSWORD = "the admin password";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock(T0);
    private CellotaServer server;

    private void start(Map<String, Object> settings) throws Exception {
        ServerConfigLoader loader = new ServerConfigLoader();
        Map<String, Object> all = new LinkedHashMap<>(Map.of("data.dir", dir.resolve("server"), "coap.host",
                "127.0.0.1", "coap.port", 0, "coaps.host", "127.0.0.1", "coaps.port", 0, "http.host", "127.0.0.1",
                "http.port", 0, "api.token", ADMIN_TOKEN, "session.idle.timeout", "30m",
                "session.absolute.timeout", "8h"));
        all.putAll(settings);
        all.forEach(loader::override);
        server = CellotaServer.start(loader.load(), clock);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A request: method, path, JSON body (or null), and headers as name, value pairs. */
    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()
                + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RestServer.JSON.readTree(r.body());
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return json(r).at("/error/code").asText();
    }

    /** A signed-in session: its cookie header value and CSRF token. */
    private record Session(String cookie, String csrf) {
    }

    private Session signIn(String name, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/session", "{\"name\":\"" + name + "\",\"password\":\"" + password
                + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), json(r).at("/csrfToken").asText());
    }

    private HttpResponse<String> asSession(Session s, String method, String path, String body) throws Exception {
        return send(method, path, body, "Cookie", s.cookie(), "X-CSRF-Token", s.csrf());
    }

    private void createUser(String name, String role, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"" + role
                + "\",\"password\":\"" + password + "\"}", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void without_credentials_there_is_no_api_and_the_admin_token_still_opens_everything() throws Exception {
        start(Map.of("admin.password", PASSWORD));

        assertThat(send("GET", "/api/v1/devices", null).statusCode()).isEqualTo(401);
        assertThat(code(send("GET", "/api/v1/devices", null))).isEqualTo("unauthorized");
        assertThat(send("GET", "/api/v1/devices", null, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/devices", null, "Cookie", "cellota_session=forged").statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/v1/users", null, "Authorization", "Bearer " + ADMIN_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/", null).statusCode()).as("the console page itself is open").isEqualTo(200);
        assertThat(send("GET", "/", null).headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'", "frame-ancestors 'none'");
        assertThat(send("GET", "/console/app.js", null).statusCode()).isEqualTo(200);
    }

    @Test
    void the_session_cookie_is_http_only_same_site_strict_and_secure_behind_https() throws Exception {
        start(Map.of("admin.password", PASSWORD));

        HttpResponse<String> plain = send("POST", "/api/v1/session", "{\"name\":\"admin\",\"password\":\"" + PASSWORD
                + "\"}");
        HttpResponse<String> proxied = send("POST", "/api/v1/session", "{\"name\":\"admin\",\"password\":\"" + PASSWORD
                + "\"}", "X-Forwarded-Proto", "https");

        String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("cellota_session=").contains("; Path=/", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure", "Max-Age", "Expires");
        assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; Secure");
        assertThat(json(plain).at("/role").asText()).isEqualTo("admin");
        assertThat(json(plain).at("/expiresAt").asText()).isEqualTo(T0.plus(Duration.ofMinutes(30)).toString());
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void changes_with_the_cookie_need_the_csrf_token_and_the_same_origin() throws Exception {
        start(Map.of("admin.password", PASSWORD));
        Session admin = signIn("admin", PASSWORD);
        String body = "{\"name\":\"eve\",\"role\":\"viewer\",\"password\":\"a long password\"}";

        HttpResponse<String> withoutToken = send("POST", "/api/v1/users", body, "Cookie", admin.cookie());
        HttpResponse<String> wrongToken = send("POST", "/api/v1/users", body, "Cookie", admin.cookie(),
                "X-CSRF-Token", admin.csrf() + "x");
        HttpResponse<String> foreign = send("POST", "/api/v1/users", body, "Cookie", admin.cookie(),
                "X-CSRF-Token", admin.csrf(), "Origin", "https://evil.example");
        HttpResponse<String> foreignSignIn = send("POST", "/api/v1/session", "{\"name\":\"admin\",\"password\":\""
                + PASSWORD + "\"}", "Origin", "https://evil.example");

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(code(withoutToken)).isEqualTo("csrf_rejected");
        assertThat(code(wrongToken)).isEqualTo("csrf_rejected");
        assertThat(code(foreign)).isEqualTo("csrf_rejected");
        assertThat(code(foreignSignIn)).isEqualTo("csrf_rejected");
        assertThat(send("GET", "/api/v1/users/eve", null, "Authorization", "Bearer " + ADMIN_TOKEN).statusCode())
                .as("nothing was created").isEqualTo(404);
        assertThat(send("POST", "/api/v1/users", body, "Cookie", admin.cookie(), "X-CSRF-Token", admin.csrf(),
                "Origin", "http://127.0.0.1:" + server.httpAddress().getPort()).statusCode()).isEqualTo(201);
        assertThat(send("GET", "/api/v1/users", null, "Cookie", admin.cookie()).statusCode())
                .as("reads need no CSRF token").isEqualTo(200);
    }

    @Test
    void a_session_ends_when_idle_at_its_absolute_age_and_at_sign_out() throws Exception {
        start(Map.of("admin.password", PASSWORD));
        Session idle = signIn("admin", PASSWORD);
        clock.advance(Duration.ofMinutes(29));
        assertThat(asSession(idle, "GET", "/api/v1/devices", null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        HttpResponse<String> ended = asSession(idle, "GET", "/api/v1/devices", null);
        assertThat(ended.statusCode()).isEqualTo(401);
        assertThat(json(ended).at("/error/message").asText()).contains("sign in again");

        Session busy = signIn("admin", PASSWORD);
        for (int i = 1; i <= 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            boolean live = i * 29 < 8 * 60;
            assertThat(asSession(busy, "GET", "/api/v1/devices", null).statusCode()).as("after %d min", i * 29)
                    .isEqualTo(live ? 200 : 401);
        }

        Session leaving = signIn("admin", PASSWORD);
        assertThat(asSession(leaving, "DELETE", "/api/v1/session", null).statusCode()).isEqualTo(204);
        assertThat(asSession(leaving, "GET", "/api/v1/devices", null).statusCode()).isEqualTo(401);
    }

    @Test
    void roles_decide_what_each_may_do_and_a_change_of_role_ends_the_users_sessions() throws Exception {
        start(Map.of("admin.password", PASSWORD));
        createUser("vic", "viewer", "viewer password");
        createUser("otto", "operator", "operator password");
        Session viewer = signIn("vic", "viewer password");
        Session operator = signIn("otto", "operator password");

        assertThat(asSession(viewer, "GET", "/api/v1/firmware", null).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = asSession(viewer, "POST", "/api/v1/firmware", "x");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("forbidden");
        assertThat(json(refused).at("/error/message").asText()).contains("viewer", "operator");
        assertThat(asSession(viewer, "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
        assertThat(asSession(operator, "POST", "/api/v1/firmware?type=zip", "x").statusCode())
                .as("past the guard, refused by the route").isEqualTo(400);
        assertThat(asSession(operator, "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
        assertThat(asSession(operator, "POST", "/api/v1/tokens", "{\"name\":\"n\",\"role\":\"admin\"}").statusCode())
                .isEqualTo(403);

        HttpResponse<String> promoted = send("PATCH", "/api/v1/users/vic", "{\"role\":\"operator\"}",
                "Authorization", "Bearer " + ADMIN_TOKEN);
        assertThat(promoted.statusCode()).isEqualTo(200);
        assertThat(asSession(viewer, "GET", "/api/v1/firmware", null).statusCode()).as("signed out by the change")
                .isEqualTo(401);
        Session again = signIn("vic", "viewer password");
        assertThat(asSession(again, "POST", "/api/v1/firmware?type=zip", "x").statusCode()).isEqualTo(400);

        assertThat(send("DELETE", "/api/v1/users/otto", null, "Authorization", "Bearer " + ADMIN_TOKEN).statusCode())
                .isEqualTo(204);
        assertThat(asSession(operator, "GET", "/api/v1/firmware", null).statusCode()).isEqualTo(401);
    }

    @Test
    void changing_ones_own_password_needs_the_current_one_and_ends_ones_other_sessions() throws Exception {
        start(Map.of("admin.password", PASSWORD));
        createUser("pat", "operator", "first password");
        Session here = signIn("pat", "first password");
        Session elsewhere = signIn("pat", "first password");

        HttpResponse<String> wrong = asSession(here, "POST", "/api/v1/session/password",
                "{\"currentPassword\":\"not it at all\",\"newPassword\":\"second password\"}");
        HttpResponse<String> weak = asSession(here, "POST", "/api/v1/session/password",
                "{\"currentPassword\":\"first password\",\"newPassword\":\"short\"}");
        HttpResponse<String> changed = asSession(here, "POST", "/api/v1/session/password",
                "{\"currentPassword\":\"first password\",\"newPassword\":\"second password\"}");

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).doesNotContain("short");
        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(asSession(here, "GET", "/api/v1/devices", null).statusCode()).isEqualTo(200);
        assertThat(asSession(elsewhere, "GET", "/api/v1/devices", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/session", "{\"name\":\"pat\",\"password\":\"first password\"}").statusCode())
                .isEqualTo(401);
        signIn("pat", "second password");
    }

    @Test
    void api_tokens_carry_their_role_expire_and_stop_when_revoked() throws Exception {
        start(Map.of("admin.password", PASSWORD));
        Session admin = signIn("admin", PASSWORD);
        HttpResponse<String> created = asSession(admin, "POST", "/api/v1/tokens",
                "{\"name\":\"ci\",\"role\":\"operator\",\"expiresAt\":\"" + T0.plus(Duration.ofDays(7)) + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = json(created).at("/secret").asText();
        String id = json(created).at("/id").asText();

        assertThat(send("POST", "/api/v1/firmware?type=zip", "x", "Authorization", "Bearer " + token).statusCode())
                .as("an operator, and no CSRF token needed with a bearer token").isEqualTo(400);
        assertThat(send("GET", "/api/v1/tokens", null, "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
        JsonNode listed = json(asSession(admin, "GET", "/api/v1/tokens", null)).at("/items/0");
        assertThat(listed.at("/id").asText()).isEqualTo(id);
        assertThat(listed.at("/createdBy").asText()).isEqualTo("admin");
        assertThat(listed.at("/lastUsedAt").asText()).isEqualTo(T0.toString());
        assertThat(listed.has("secret")).isFalse();

        clock.advance(Duration.ofDays(7));
        assertThat(send("GET", "/api/v1/devices", null, "Authorization", "Bearer " + token).statusCode())
                .as("expired").isEqualTo(401);

        String lasting = json(send("POST", "/api/v1/tokens", "{\"name\":\"oss\",\"role\":\"viewer\"}",
                "Authorization", "Bearer " + ADMIN_TOKEN)).at("/secret").asText();
        assertThat(send("GET", "/api/v1/devices", null, "Authorization", "Bearer " + lasting).statusCode())
                .isEqualTo(200);
        String lastingId = lasting.substring("cellota_".length(), "cellota_".length() + 16);
        assertThat(send("DELETE", "/api/v1/tokens/" + lastingId, null, "Authorization", "Bearer " + ADMIN_TOKEN)
                .statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/devices", null, "Authorization", "Bearer " + lasting).statusCode())
                .isEqualTo(401);
    }

    @Test
    void failed_sign_ins_are_throttled_and_a_wrong_name_looks_like_a_wrong_password() throws Exception {
        start(Map.of("admin.password", PASSWORD));
        HttpResponse<String> unknown = send("POST", "/api/v1/session", "{\"name\":\"nobody\",\"password\":\"x\"}");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = send("POST", "/api/v1/session", "{\"name\":\"admin\",\"password\":\"guess\"}");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).at("/error/message").asText())
                    .isEqualTo(json(unknown).at("/error/message").asText());
        }

        HttpResponse<String> throttled = send("POST", "/api/v1/session", "{\"name\":\"admin\",\"password\":\""
                + PASSWORD + "\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(code(throttled)).isEqualTo("too_many_attempts");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("30");
        clock.advance(Duration.ofSeconds(30));
        signIn("admin", PASSWORD);
    }

    @Test
    void the_first_admin_gets_a_generated_password_kept_privately_until_it_is_changed() throws Exception {
        start(Map.of());
        String generated = server.firstAdmin().generatedPassword().orElseThrow();
        Path file = dir.resolve("server").resolve(FirstAdmin.FILE);

        assertThat(Files.readString(file).strip()).isEqualTo(generated);
        assertThat(Files.getPosixFilePermissions(file)).containsOnly(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        Session admin = signIn("admin", generated);
        assertThat(asSession(admin, "POST", "/api/v1/session/password", "{\"currentPassword\":\"" + generated
                + "\",\"newPassword\":\"my own admin password\"}").statusCode()).isEqualTo(204);
        assertThat(file).doesNotExist();

        server.close();
        start(Map.of());
        assertThat(server.firstAdmin().outcome()).isEqualTo(FirstAdmin.Outcome.EXISTING);
        assertThat(file).doesNotExist();
        signIn("admin", "my own admin password");
    }

    @Test
    void a_configured_admin_password_is_used_once_and_never_written() throws Exception {
        start(Map.of("admin.password", PASSWORD));

        assertThat(server.firstAdmin().outcome()).isEqualTo(FirstAdmin.Outcome.CONFIGURED);
        assertThat(dir.resolve("server").resolve(FirstAdmin.FILE)).doesNotExist();
        try (var files = Files.walk(dir.resolve("server"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".db"))
                    .map(f -> {
                        try {
                            return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })).noneMatch(text -> text.contains(PASSWORD));
        }
        signIn("admin", PASSWORD);
    }
}
