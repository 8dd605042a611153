package org.exoconsent.records;

import java.time.Clock;
import java.util.EnumSet;
import org.exoconsent.testing.DataDirectoryTemplates;

/**
 * For tests: a data directory's store opened by a person with every role ("tester", created as the first
 * administrator the first time), so tests of other rules need not sign in; the permission rules themselves are
 * tested in AccessTest with one role at a time.
 */
public final class TestAccounts {
    public static final String NAME = "tester";
    public static final String PASSWORD = "correct horse battery";
    /** The demo physician's licence (山田 太郎), who signs the example sessions. */
    public static final String LICENCE = "123456";
    /**
     * The demo physician's own account, created with "tester": the example sessions name it as the physician who
     * confirmed the treatment ({@code confirmedBy.account}), and recording checks that it is a physician's account
     * with that licence.
     */
    public static final String PHYSICIAN = "yamada";
    public static final String PHYSICIAN_PASSWORD = "physician-password-1";

    /** The second physician's account tests create (佐々木 恵, licence 654321), and its password. */
    public static final String OTHER_PHYSICIAN = "sasaki";
    public static final String OTHER_PHYSICIAN_PASSWORD = "other doctor pw 3";
    /** Passwords of the physicians' accounts tests create, so that the physician can confirm a consultation. */
    private static final java.util.Map<String, String> PHYSICIANS = java.util.Map.of(PHYSICIAN, PHYSICIAN_PASSWORD,
            OTHER_PHYSICIAN, OTHER_PHYSICIAN_PASSWORD);

    private TestAccounts() {
    }

    /**
     * The physician named in the session's {@code confirmedBy} confirms its treatment through the store, with their
     * password, as the wizard does (audited {@code treatment-confirmed}, which recording requires). Does nothing for a
     * session without a confirmation or naming an account whose password the tests do not know (recording then
     * refuses it), and lets a refused confirmation pass (recording says why).
     */
    public static void confirm(RecordStore store, org.exoconsent.consent.ConsentSession s) {
        if (s.confirmedBy() == null || s.confirmedBy().account() == null) {
            return;
        }
        String password = PHYSICIANS.get(s.confirmedBy().account());
        if (password == null) {
            return;
        }
        try {
            store.confirmTreatment(s.confirmedBy().account(), password.toCharArray(), s);
        } catch (StoreException e) {
            // recording refuses the session and says why
        }
    }

    /**
     * Changes one stored value of the data directory {@code dir} behind the product's back, as sqlite3 could: the
     * triggers that keep a signed record's and a template version's row set aside, then
     * {@code UPDATE table SET column = 'value' WHERE where} (damage for the "damage stops only its row" tests).
     */
    public static void damage(DataDirectory dir, String table, String column, String value, String where)
            throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER IF EXISTS record_immutable");
            st.executeUpdate("DROP TRIGGER IF EXISTS template_version_no_update");
            st.executeUpdate("UPDATE " + table + " SET " + column + " = '" + value + "' WHERE " + where);
        }
    }

    /**
     * The physician confirms (see {@link #confirm}), the key is registered if it is not yet, then the store records
     * the session.
     */
    public static RecordStore.Recorded record(RecordStore store, org.exoconsent.consent.ConsentSession s,
                                              org.exoconsent.template.ConsentTemplate t,
                                              org.exoconsent.pdf.SigningKey key, String source)
            throws org.exoconsent.consent.SessionException, StoreException {
        confirm(store, s);
        // only registered keys sign (issue 13 §2): the tests' key is registered as an administrator would
        store.registerKeyFrom(key.certificate(), "test key", key.certificate().getNotBefore().toInstant());
        return store.record(s, t, key, source);
    }

    /** The physician confirms each session file (see {@link #confirm}), before a command line records them. */
    public static void confirmFiles(DataDirectory dir, java.time.Clock clock, java.util.List<java.nio.file.Path> files)
            throws Exception {
        try (RecordStore store = open(dir, clock, "confirm for a test")) {
            for (java.nio.file.Path f : files) {
                confirm(store, org.exoconsent.consent.SessionJson.read(f));
            }
        }
    }

    /** Sets the clinic's staff PIN through the store, as "tester" (an administrator), as the home screen does. */
    public static void staffPin(DataDirectory dir, Clock clock, String pin) throws StoreException {
        try (RecordStore store = open(dir, clock, "test: staff PIN")) {
            store.setStaffPin(pin);
        }
    }

    /**
     * The person with every role, created if the data directory has no users yet: with {@link #PHYSICIAN} and the
     * tests' registered key. A new data directory on a fixed clock gets a copy of the one this JVM set up first
     * ({@link DataDirectoryTemplates}: the passwords are hashed once per JVM, not once per test).
     */
    public static Principal everyone(DataDirectory dir, Clock clock) throws StoreException {
        if (!copied(dir, "everyone", clock, d -> setUpEveryone(d, clock)) && !RecordStore.hasAccounts(dir, clock)) {
            setUpEveryone(dir, clock);
        }
        return new Principal(NAME, EnumSet.allOf(Role.class), LICENCE);
    }

    private static void setUpEveryone(DataDirectory dir, Clock clock) throws StoreException {
        try (RecordStore store = RecordStore.createFirstAdministrator(dir, clock, NAME, PASSWORD.toCharArray(),
                "test set-up")) {
            store.setRoles(NAME, EnumSet.allOf(Role.class), LICENCE);
            store.addUser(PHYSICIAN, EnumSet.of(Role.PHYSICIAN), LICENCE, PHYSICIAN_PASSWORD.toCharArray());
            registerTestKey(store);
        }
    }

    /** Sets up a data directory in the folder given. */
    @FunctionalInterface
    public interface SetUp {
        void into(DataDirectory dir) throws Exception;
    }

    /**
     * Puts at {@code dir} a copy of the data directory {@code setUp} makes, made once per JVM, when {@code dir} is
     * new and the clock fixed ({@link DataDirectoryTemplates#copyInto}); returns false, having done nothing, otherwise.
     *
     * @param name what {@code setUp} makes: one name, one set-up
     */
    public static boolean copied(DataDirectory dir, String name, Clock clock, SetUp setUp) throws StoreException {
        try {
            return DataDirectoryTemplates.copyInto(dir.root(), name, clock,
                    root -> setUp.into(new DataDirectory(root)));
        } catch (StoreException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(dir.root() + ": the tests' set-up \"" + name + "\" failed: " + e, e);
        }
    }

    public static RecordStore open(DataDirectory dir, Clock clock, String purpose) throws StoreException {
        return RecordStore.open(dir, clock, everyone(dir, clock), purpose);
    }

    /**
     * Registers the tests' shared key ({@link org.exoconsent.testing.Examples#key()}) as one of the clinic's signing
     * keys from its certificate's start, as an administrator would with {@code keys register}, so that the store
     * lets it sign: only registered keys sign (issue 13 §2).
     */
    public static void registerTestKey(RecordStore store) throws StoreException {
        java.security.cert.X509Certificate cert = org.exoconsent.testing.Examples.key().certificate();
        store.registerKeyFrom(cert, "test key", cert.getNotBefore().toInstant());
    }
}
