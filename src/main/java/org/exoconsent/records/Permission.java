package org.exoconsent.records;

import java.util.EnumSet;
import java.util.Set;

/**
 * What may be done, and by which roles. The store checks these on every operation; screens only hide what the
 * store would refuse anyway.
 */
public enum Permission {
    /** Read the catalog and settings (every signed-in person). */
    READ_CATALOG(Role.PHYSICIAN, Role.STAFF, Role.MANAGER, Role.ADMINISTRATOR),
    /** Run a consultation: find patients, sign and record a consent. */
    CONSULT(Role.PHYSICIAN, Role.STAFF),
    /** See records (a physician only their own patients'). */
    VIEW_RECORDS(Role.MANAGER, Role.PHYSICIAN),
    /** Check every record's integrity and the audit chain. */
    VERIFY_RECORDS(Role.MANAGER, Role.ADMINISTRATOR),
    /** Export records and list the patients of a lot. */
    EXPORT(Role.MANAGER),
    /** Record a patient's withdrawal of consent. */
    WITHDRAW(Role.MANAGER, Role.PHYSICIAN),
    /** Change the catalog (clinic, physicians, products, lots). */
    MANAGE_CATALOG(Role.ADMINISTRATOR),
    /** Change the clinic's settings. */
    MANAGE_SETTINGS(Role.ADMINISTRATOR),
    /** Add people, change their roles, reset passwords. */
    MANAGE_USERS(Role.ADMINISTRATOR),
    /** Import the clinic's signing key. */
    MANAGE_KEY(Role.ADMINISTRATOR),
    /** Back up the whole data directory to one file. */
    BACKUP(Role.ADMINISTRATOR);

    private final Set<Role> roles;

    Permission(Role... roles) {
        this.roles = EnumSet.copyOf(java.util.List.of(roles));
    }

    public boolean grantedTo(Set<Role> held) {
        return held.stream().anyMatch(roles::contains);
    }

    /** The roles that have it, for messages. */
    public Set<Role> roles() {
        return EnumSet.copyOf(roles);
    }
}
