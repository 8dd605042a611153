package org.exoconsent.records;

import java.time.Clock;
import java.util.EnumSet;

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

    private TestAccounts() {
    }

    /** The person with every role, created if the data directory has no users yet. */
    public static Principal everyone(DataDirectory dir, Clock clock) throws StoreException {
        if (!RecordStore.hasAccounts(dir, clock)) {
            try (RecordStore store = RecordStore.createFirstAdministrator(dir, clock, NAME, PASSWORD.toCharArray(),
                    "test set-up")) {
                store.setRoles(NAME, EnumSet.allOf(Role.class), LICENCE);
                store.addUser(PHYSICIAN, EnumSet.of(Role.PHYSICIAN), LICENCE, PHYSICIAN_PASSWORD.toCharArray());
            }
        }
        return new Principal(NAME, EnumSet.allOf(Role.class), LICENCE);
    }

    public static RecordStore open(DataDirectory dir, Clock clock, String purpose) throws StoreException {
        return RecordStore.open(dir, clock, everyone(dir, clock), purpose);
    }
}
