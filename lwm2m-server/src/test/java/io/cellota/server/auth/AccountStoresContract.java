package io.cellota.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and API tokens in the database ({@code V6__users_and_tokens.sql}): users round-trip and survive a restart,
 * a name is taken once, the last admin stays (also when two admins demote each other at once), the first admin is
 * made once with its password file; tokens are stored hashed, verified in full, expire, and stop at revocation.
 * Run on H2 ({@link AccountStoresTest}) and PostgreSQL ({@link AccountStoresPostgresIT}).
 */
abstract class AccountStoresContract {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private DatabaseConfig config;
    private Database database;
    private JdbcUserStore users;
    private ApiTokens tokens;
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1));

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @BeforeEach
    void open() {
        config = emptyDatabase(dir);
        database = Database.open(config);
        users = new JdbcUserStore(database);
        tokens = new ApiTokens(new JdbcApiTokenStore(database));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private User user(String name, Role role) {
        return new User(name, role, hasher.hash("password of " + name), T0, T0);
    }

    @Test
    void users_round_trip_in_name_order_and_survive_a_restart() throws Exception {
        users.create(user("zoe", Role.VIEWER));
        users.create(user("alice", Role.ADMIN));
        users.create(user("bob.ops@example", Role.OPERATOR));

        database.close();
        database = Database.open(config);
        users = new JdbcUserStore(database);

        assertThat(users.list(0, 10)).extracting(User::name).containsExactly("alice", "bob.ops@example", "zoe");
        assertThat(users.list(1, 1)).extracting(User::name).containsExactly("bob.ops@example");
        assertThat(users.count()).isEqualTo(3);
        User bob = users.find("bob.ops@example").orElseThrow();
        assertThat(bob.role()).isEqualTo(Role.OPERATOR);
        assertThat(bob.createdAt()).isEqualTo(T0);
        assertThat(hasher.matches("password of bob.ops@example", bob.passwordHash())).isTrue();
        assertThat(users.find("nobody")).isEmpty();
    }

    @Test
    void a_name_is_taken_once() throws Exception {
        users.create(user("alice", Role.ADMIN));

        assertThatThrownBy(() -> users.create(user("alice", Role.VIEWER))).isInstanceOf(AccountException.class)
                .extracting(e -> ((AccountException) e).reason()).isEqualTo(AccountException.Reason.USER_EXISTS);
        assertThat(users.find("alice").orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void password_and_role_changes_are_kept() throws Exception {
        users.create(user("alice", Role.ADMIN));
        users.create(user("bob", Role.VIEWER));

        users.setPassword("bob", hasher.hash("a brand new password"), T0.plusSeconds(60));
        users.setRole("bob", Role.OPERATOR);

        User bob = users.find("bob").orElseThrow();
        assertThat(hasher.matches("a brand new password", bob.passwordHash())).isTrue();
        assertThat(bob.passwordChangedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(bob.role()).isEqualTo(Role.OPERATOR);
        assertThatThrownBy(() -> users.setRole("nobody", Role.ADMIN)).isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> users.setPassword("nobody", "x", T0)).isInstanceOf(AccountException.class);
    }

    @Test
    void the_last_admin_can_be_neither_demoted_nor_deleted() throws Exception {
        users.create(user("alice", Role.ADMIN));
        users.create(user("bob", Role.ADMIN));

        users.setRole("bob", Role.VIEWER);

        assertThatThrownBy(() -> users.setRole("alice", Role.OPERATOR)).isInstanceOf(AccountException.class)
                .hasMessageContaining("last admin");
        assertThatThrownBy(() -> users.delete("alice")).isInstanceOf(AccountException.class)
                .extracting(e -> ((AccountException) e).reason()).isEqualTo(AccountException.Reason.LAST_ADMIN);
        users.delete("bob");
        assertThat(users.list(0, 10)).extracting(User::name).containsExactly("alice");
    }

    @Test
    void two_admins_demoting_each_other_at_once_leave_one_admin() throws Exception {
        String survivor = null;
        for (int round = 0; round < 5; round++) {
            String a = "a" + round;
            String b = "b" + round;
            users.create(user(a, Role.ADMIN));
            users.create(user(b, Role.ADMIN));
            if (survivor != null) {
                users.setRole(survivor, Role.VIEWER);
            }

            List<Throwable> outcomes = race(() -> users.setRole(a, Role.VIEWER), () -> users.setRole(b, Role.VIEWER));

            List<String> admins = users.list(0, 100).stream().filter(u -> u.role() == Role.ADMIN).map(User::name)
                    .toList();
            assertThat(admins).as("round %d: %s", round, outcomes).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != null).singleElement().isInstanceOf(AccountException.class);
            survivor = admins.get(0);
        }
    }

    @Test
    void the_first_admin_is_made_once_with_a_private_password_file() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));

        FirstAdmin.Result first = FirstAdmin.ensure(users, hasher, Optional.empty(), data, T0);
        FirstAdmin.Result again = FirstAdmin.ensure(users, hasher, Optional.empty(), data, T0);

        assertThat(first.outcome()).isEqualTo(FirstAdmin.Outcome.GENERATED);
        String password = first.generatedPassword().orElseThrow();
        assertThat(password).hasSize(24);
        assertThat(Files.readString(data.resolve(FirstAdmin.FILE)).strip()).isEqualTo(password);
        assertThat(Files.getPosixFilePermissions(data.resolve(FirstAdmin.FILE)))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(hasher.matches(password, users.find("admin").orElseThrow().passwordHash())).isTrue();
        assertThat(users.find("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(again.outcome()).isEqualTo(FirstAdmin.Outcome.EXISTING);
        assertThat(again.generatedPassword()).isEmpty();
        assertThat(first.toString()).doesNotContain(password);

        FirstAdmin.forget(data, "someone-else");
        assertThat(data.resolve(FirstAdmin.FILE)).exists();
        FirstAdmin.forget(data, "admin");
        assertThat(data.resolve(FirstAdmin.FILE)).doesNotExist();
    }

    @Test
    void a_configured_first_admin_password_writes_no_file() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));

        FirstAdmin.Result result = FirstAdmin.ensure(users, hasher, Optional.of("configured password 1"), data, T0);

        assertThat(result.outcome()).isEqualTo(FirstAdmin.Outcome.CONFIGURED);
        assertThat(data.resolve(FirstAdmin.FILE)).doesNotExist();
        assertThat(hasher.matches("configured password 1", users.find("admin").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void a_token_is_stored_hashed_and_verifies_only_in_full() throws Exception {
        ApiTokens.Issued issued = tokens.create("CI pipeline", Role.OPERATOR, "alice", Optional.empty(), T0);
        String secret = issued.secret();

        assertThat(secret).startsWith("cellota_" + issued.token().id() + "_").hasSize(8 + 16 + 1 + 43);
        assertThat(tokens.verify(secret, T0)).hasValueSatisfying(t -> {
            assertThat(t.name()).isEqualTo("CI pipeline");
            assertThat(t.role()).isEqualTo(Role.OPERATOR);
            assertThat(t.createdBy()).isEqualTo("alice");
        });
        assertThat(tokens.verify(secret.substring(0, secret.length() - 1), T0)).isEmpty();
        assertThat(tokens.verify(secret + "A", T0)).isEmpty();
        String otherId = "cellota_0000000000000000" + secret.substring(24);
        assertThat(tokens.verify(otherId, T0)).isEmpty();
        assertThat(tokens.verify("cellota_", T0)).isEmpty();
        assertThat(tokens.verify("Bearer " + secret, T0)).isEmpty();
        assertThat(database.query("SELECT secret_hash FROM api_token", r -> r.text("secret_hash")))
                .singleElement().satisfies(h -> assertThat(secret).doesNotContain(h)).asString().hasSize(64);
        assertThat(issued.toString()).doesNotContain(secret.substring(25));
    }

    @Test
    void tokens_expire_record_their_use_and_stop_at_revocation() throws Exception {
        ApiTokens.Issued expiring = tokens.create("temporary", Role.VIEWER, "alice",
                Optional.of(T0.plus(Duration.ofDays(1))), T0);
        ApiTokens.Issued lasting = tokens.create("lasting", Role.ADMIN, "alice", Optional.empty(), T0.plusSeconds(1));

        assertThat(tokens.verify(expiring.secret(), T0.plus(Duration.ofHours(23)))).isPresent();
        assertThat(tokens.verify(expiring.secret(), T0.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(tokens.list(0, 10)).extracting(ApiToken::name).containsExactly("lasting", "temporary");
        assertThat(tokens.find(expiring.token().id()).orElseThrow().lastUsedAt())
                .hasValue(T0.plus(Duration.ofHours(23)));

        tokens.revoke(lasting.token().id());

        assertThat(tokens.verify(lasting.secret(), T0)).isEmpty();
        assertThat(tokens.count()).isEqualTo(1);
        assertThatThrownBy(() -> tokens.revoke(lasting.token().id())).isInstanceOf(AccountException.class)
                .extracting(e -> ((AccountException) e).reason()).isEqualTo(AccountException.Reason.NO_SUCH_TOKEN);
        assertThatThrownBy(() -> tokens.create("past", Role.VIEWER, "alice", Optional.of(T0), T0))
                .isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> tokens.create(" ", Role.VIEWER, "alice", Optional.empty(), T0))
                .isInstanceOf(AccountException.class);
    }

    interface Change {
        void run() throws Exception;
    }

    /** Runs both at once; null for each that succeeded, else what it threw. */
    private static List<Throwable> race(Change first, Change second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Throwable>> futures = new ArrayList<>();
            for (Change change : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        change.run();
                        return null;
                    } catch (Exception e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            List<Throwable> outcomes = new ArrayList<>();
            for (Future<Throwable> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
