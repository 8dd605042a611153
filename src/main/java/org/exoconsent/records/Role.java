package org.exoconsent.records;

import java.util.Locale;

/** What a person does at the clinic; one person may hold several roles. */
public enum Role {
    /** Runs consultations and sees the records of their own patients. */
    PHYSICIAN,
    /** Prepares consultations and unlocks patient mode. */
    STAFF,
    /** Records, exports, lot recall, withdrawals. */
    MANAGER,
    /** Catalog, templates, users, settings, signing key. */
    ADMINISTRATOR;

    /** The name used on the command line and in the database. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this name, or an exception that names the value and lists the roles. */
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("role: '" + label + "' is not one of physician, staff, manager, "
                + "administrator");
    }
}
