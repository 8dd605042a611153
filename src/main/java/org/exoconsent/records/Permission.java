package org.exoconsent.records;

import java.util.EnumSet;
import java.util.Set;

/**
 * What may be done, and by which roles. The store checks these on every operation; screens only hide what the
 * store would refuse anyway.
 */
public enum Permission {
    /** Read the catalog and settings (every signed-in person). */
    READ_CATALOG("read the catalog", Role.PHYSICIAN, Role.STAFF, Role.MANAGER, Role.ADMINISTRATOR),
    /** Run a consultation: find patients, sign and record a consent. */
    CONSULT("run consultations or record consents", Role.PHYSICIAN, Role.STAFF),
    /** See records (a physician only their own patients'). */
    VIEW_RECORDS("see records", Role.MANAGER, Role.PHYSICIAN),
    /**
     * Give the patient their copy of a signed record or their take-home card (print or save). Who sees the record
     * may; so may the person who recorded a consent, on the day they recorded it (staff at the end of the
     * consultation), which the store checks record by record.
     */
    ISSUE_PATIENT_COPY("give the patient's copy or take-home card", Role.MANAGER, Role.PHYSICIAN, Role.STAFF),
    /** Check every record's integrity and the audit chain. */
    VERIFY_RECORDS("verify the records", Role.MANAGER, Role.ADMINISTRATOR),
    /** Export records, list the patients of a lot, read and export the audit trail. */
    EXPORT("export records, recall a lot or read the audit trail", Role.MANAGER),
    /** Record a patient's withdrawal of consent. */
    WITHDRAW("record a withdrawal", Role.MANAGER, Role.PHYSICIAN),
    /** Change the catalog (clinic, physicians, products, lots). */
    MANAGE_CATALOG("change the catalog", Role.ADMINISTRATOR),
    /** Import consent template versions and choose the one new consultations use. */
    MANAGE_TEMPLATES("change the consent templates", Role.ADMINISTRATOR),
    /** Change the clinic's settings. */
    MANAGE_SETTINGS("change the settings", Role.ADMINISTRATOR),
    /** Add people, change their roles, reset passwords. */
    MANAGE_USERS("manage users", Role.ADMINISTRATOR),
    /** Import the clinic's signing key. */
    MANAGE_KEY("change the signing key", Role.ADMINISTRATOR),
    /** Back up the whole data directory to one file. */
    BACKUP("back up the data directory", Role.ADMINISTRATOR);

    private final String description;
    private final Set<Role> roles;

    Permission(String description, Role... roles) {
        this.description = description;
        this.roles = EnumSet.copyOf(java.util.List.of(roles));
    }

    /** What it allows, for messages ("… may not see records"). */
    public String description() {
        return description;
    }

    public boolean grantedTo(Set<Role> held) {
        return held.stream().anyMatch(roles::contains);
    }

    /** The roles that have it, for messages. */
    public Set<Role> roles() {
        return EnumSet.copyOf(roles);
    }
}
