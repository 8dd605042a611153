package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.exoconsent.limits.InputLimits;

/**
 * The accounts table: who may sign in, with which roles, and the lockout after repeated wrong passwords.
 * Used only by {@link RecordStore}, which audits every change and every failed sign-in.
 */
public final class Accounts {
    /** Wrong passwords in a row that lock an account ... */
    public static final int MAX_FAILURES = 5;
    /** ... for this long. */
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile(
            "[\\p{L}\\p{N}][\\p{L}\\p{N}._@-]{0," + (InputLimits.MAX_ACCOUNT_NAME_CHARACTERS - 1) + "}");

    private Accounts() {
    }

    /** One account as an administrator sees it (never the hash). */
    public record Account(String name, Set<Role> roles, String physicianLicence, boolean active, int failedSignIns,
                          Instant lockedUntil) {
    }

    record Row(Account account, String hash) {
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name: '" + RecordStore.shownName(name) + "' must be 1 to "
                    + InputLimits.MAX_ACCOUNT_NAME_CHARACTERS + " letters, digits or . _ @ -"
                    + ", starting with a letter or digit");
        }
    }

    static String rolesText(Set<Role> roles) {
        return roles.stream().map(Role::label).collect(Collectors.joining(","));
    }

    static Set<Role> roles(String text) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Role::of).forEach(out::add);
        return out;
    }

    static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM account")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static Row find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, roles, physician_licence, active, "
                + "failed_sign_ins, locked_until, password_hash FROM account WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(account(rs), rs.getString(7)) : null;
            }
        }
    }

    static List<Account> list(Connection c) throws SQLException {
        List<Account> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name, roles, "
                + "physician_licence, active, failed_sign_ins, locked_until FROM account ORDER BY name")) {
            while (rs.next()) {
                out.add(account(rs));
            }
        }
        return out;
    }

    private static Account account(ResultSet rs) throws SQLException {
        String locked = rs.getString(6);
        return new Account(rs.getString(1), roles(rs.getString(2)), rs.getString(3), rs.getInt(4) == 1,
                rs.getInt(5), locked == null ? null : Instant.parse(locked));
    }

    static void insert(Connection c, String name, Set<Role> roles, String licence, String hash, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account (name, roles, password_hash, "
                + "physician_licence, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, rolesText(roles));
            ps.setString(3, hash);
            ps.setString(4, licence);
            ps.setString(5, now.toString());
            ps.executeUpdate();
        }
    }

    static int update(Connection c, String name, String column, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE account SET " + column + " = ? WHERE name = ?")) {
            ps.setObject(1, value);
            ps.setString(2, name);
            return ps.executeUpdate();
        }
    }

    /**
     * A sign-in attempt, counted before its password is checked (so an attempt whose count cannot be written is
     * refused, whatever the password): the failures in a row go up by one, and the {@value #MAX_FAILURES}th locks
     * the account for {@link #LOCKOUT} from {@code now} (UTC). A right password then clears both ({@link #succeeded}).
     *
     * @return whether this attempt locks the account should its password be wrong
     * @throws SQLException when the count cannot be written (a full disk): the caller refuses the sign-in
     */
    static boolean attempt(Connection c, Row row, Instant now) throws SQLException {
        int failures = row.account().failedSignIns() + 1;
        boolean lock = failures >= MAX_FAILURES;
        try (PreparedStatement ps = c.prepareStatement("UPDATE account SET failed_sign_ins = ?, locked_until = ? "
                + "WHERE name = ?")) {
            ps.setInt(1, lock ? 0 : failures);
            ps.setString(2, lock ? now.plus(LOCKOUT).toString() : null);
            ps.setString(3, row.account().name());
            if (ps.executeUpdate() != 1) {
                throw new SQLException(row.account().name() + ": the account's sign-in count was not written");
            }
        }
        return lock;
    }

    /** A right password: the count of failures in a row and any lock are cleared. */
    static void succeeded(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE account SET failed_sign_ins = 0, locked_until = NULL "
                + "WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }
}
