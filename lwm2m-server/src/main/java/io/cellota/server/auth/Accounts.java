package io.cellota.server.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users and their sessions together, so that every change keeps them consistent: signing in checks the password
 * (and throttles guessing), changing a user's role or password or deleting the user ends their other sessions at
 * once. A sign-in for a name that does not exist costs one hash like any other, so response times do not tell which
 * names exist. Sign-ins, failures and changes are logged with the user and address, never with a password.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    /** How a sign-in ended. */
    public sealed interface SignIn {
    }

    /** Signed in: the new session. */
    public record SignedIn(Sessions.Started started) implements SignIn {
    }

    /** Wrong name or password (which of the two is not said). */
    public record Refused() implements SignIn {
    }

    /** Too many failures from there: try again at {@code retryAt}. */
    public record Throttled(Instant retryAt) implements SignIn {
    }

    private final JdbcUserStore users;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final Consumer<String> passwordChanged;
    private final String dummyHash;

    /**
     * @param passwordChanged told the name of each user whose password was set (the first admin's generated
     *                        password file is deleted then)
     */
    public Accounts(JdbcUserStore users, PasswordHasher hasher, Sessions sessions, SignInThrottle throttle,
                    Consumer<String> passwordChanged) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.passwordChanged = passwordChanged;
        this.dummyHash = hasher.hash("not a password of anyone: equalises the time of unknown names");
    }

    public SignIn signIn(String name, String password, String address, Instant now) {
        Optional<Instant> blocked = throttle.blockedUntil(name, address, now);
        if (blocked.isPresent()) {
            LOG.info("sign-in of '{}' from {} refused: too many failures, blocked until {}", printable(name), address,
                    blocked.get());
            return new Throttled(blocked.get());
        }
        Optional<User> user = name == null || !User.NAME.matcher(name).matches() ? Optional.empty() : users.find(name);
        boolean matches = hasher.matches(password == null ? "" : password,
                user.map(User::passwordHash).orElse(dummyHash)) && user.isPresent();
        if (!matches) {
            throttle.failed(name, address, now);
            LOG.info("sign-in of '{}' from {} failed", printable(name), address);
            return new Refused();
        }
        throttle.succeeded(name, address);
        User u = user.get();
        if (hasher.outdated(u.passwordHash())) {
            try {
                users.setPassword(u.name(), hasher.hash(password), u.passwordChangedAt());
            } catch (AccountException e) {
                // deleted meanwhile: the session below is refused at its first use
            }
        }
        LOG.info("{} signed in from {} as {}", u.name(), address, u.role().word());
        return new SignedIn(sessions.start(u.name(), u.role(), now));
    }

    /** The user a session belongs to, still existing with the session's role. */
    public Optional<User> user(String name) {
        return users.find(name);
    }

    public List<User> list(int offset, int limit) {
        return users.list(offset, limit);
    }

    public long count() {
        return users.count();
    }

    public User create(String name, Role role, String password, String by, Instant now) throws AccountException {
        User.checkName(name);
        User.checkPassword(password);
        User user = new User(name, role, hasher.hash(password), now, now);
        users.create(user);
        LOG.info("user {} created as {} by {}", name, role.word(), by);
        return user;
    }

    /**
     * Sets {@code name}'s password and ends their sessions but {@code keepCookie}'s (the session that changed its
     * own password stays signed in).
     */
    public User setPassword(String name, String password, String by, String keepCookie, Instant now)
            throws AccountException {
        User.checkPassword(password);
        User user = users.setPassword(name, hasher.hash(password), now);
        sessions.endAllOf(name, keepCookie);
        passwordChanged.accept(name);
        LOG.info("password of {} set by {}", name, by);
        return user;
    }

    /** Whether {@code password} is {@code name}'s current one (asked before a user changes their own). */
    public boolean verify(String name, String password) {
        return users.find(name).map(u -> hasher.matches(password == null ? "" : password, u.passwordHash()))
                .orElse(false);
    }

    public User setRole(String name, Role role, String by) throws AccountException {
        User user = users.setRole(name, role);
        sessions.endAllOf(name, null);
        LOG.info("role of {} set to {} by {}", name, role.word(), by);
        return user;
    }

    public void delete(String name, String by) throws AccountException {
        users.delete(name);
        sessions.endAllOf(name, null);
        LOG.info("user {} deleted by {}", name, by);
    }

    public Sessions sessions() {
        return sessions;
    }

    /** A name as it may be logged: at most 64 characters, control characters replaced. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
