package io.cellota.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule: reads for viewers, changes for operators, users and tokens for admins, on any route. */
class AccessRuleTest {

    @Test
    void reading_needs_a_viewer_anywhere_but_users_and_tokens() {
        assertThat(AccessRule.required("GET", "/api/v1/devices")).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.required("GET", "/api/v1/devices/dev-1/lwm2m")).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.required("HEAD", "/api/v1/firmware/fw-1")).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.required("GET", "/api/v1/events")).isEqualTo(Role.VIEWER);
    }

    @Test
    void every_change_needs_an_operator_also_on_routes_added_later() {
        assertThat(AccessRule.required("POST", "/api/v1/firmware")).isEqualTo(Role.OPERATOR);
        assertThat(AccessRule.required("DELETE", "/api/v1/firmware/fw-1")).isEqualTo(Role.OPERATOR);
        assertThat(AccessRule.required("PUT", "/api/v1/devices/dev-1/credentials")).isEqualTo(Role.OPERATOR);
        assertThat(AccessRule.required("post", "/api/v1/campaigns")).isEqualTo(Role.OPERATOR);
        assertThat(AccessRule.required("PATCH", "/api/v1/campaigns/c-1")).isEqualTo(Role.OPERATOR);
        assertThat(AccessRule.required("OPTIONS", "/api/v1/devices")).isEqualTo(Role.OPERATOR);
    }

    @Test
    void users_and_tokens_need_an_admin_even_to_read() {
        for (String method : new String[] {"GET", "POST", "PATCH", "DELETE"}) {
            assertThat(AccessRule.required(method, "/api/v1/users")).isEqualTo(Role.ADMIN);
            assertThat(AccessRule.required(method, "/api/v1/users/alice")).isEqualTo(Role.ADMIN);
            assertThat(AccessRule.required(method, "/api/v1/tokens/0123456789abcdef")).isEqualTo(Role.ADMIN);
        }
        assertThat(AccessRule.required("GET", "/api/v1/usersx")).as("only the users routes").isEqualTo(Role.VIEWER);
    }

    @Test
    void ones_own_session_needs_only_to_be_signed_in() {
        assertThat(AccessRule.required("GET", "/api/v1/session")).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.required("DELETE", "/api/v1/session")).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.required("POST", "/api/v1/session/password")).isEqualTo(Role.VIEWER);
    }

    @Test
    void roles_include_the_ones_below() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.fromWord("operator")).hasValue(Role.OPERATOR);
        assertThat(Role.fromWord("OPERATOR")).isEmpty();
        assertThat(AccessRule.mutating("GET")).isFalse();
        assertThat(AccessRule.mutating("DELETE")).isTrue();
    }
}
