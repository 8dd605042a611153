package org.exoconsent.ui;

import java.time.Clock;
import java.util.List;
import org.exoconsent.records.BackupReminder;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.usecases.ClinicNotices;
import org.exoconsent.usecases.SettingsAdministration;
import org.exoconsent.usecases.StoreOpenings;

/**
 * What the home screen reads from the store each time it is shown, in one opening as the signed-in person: the
 * clinic's settings (the idle lock's time, the clinic's time zone) and the notices that person's roles call for.
 * Blocks; the home screen calls it on the app's background executor.
 */
final class HomeViewModel {
    private volatile StoreOpenings store;

    /**
     * @param store the store this device is set to (issue 17 §1); its clock is the app's (the store counts the
     *              backup reminder's days on it)
     */
    HomeViewModel(StoreOpenings store) {
        this.store = store;
    }

    /** From now on, reads {@code store} (the set-up chose another store, issue 17 §1). */
    void use(StoreOpenings store) {
        this.store = store;
    }

    /**
     * What the home screen shows beside its buttons ({@link ClinicNotices.Notices}); each part null when it could
     * not be read (the part stays hidden; the settings keep their previous values), or when the person's roles do
     * not call for it.
     */
    record Notices(Settings settings, List<RecordStore.TemplateNotice> templates,
                   List<RecordStore.MissingTexts> texts, BackupReminder backup, List<String> evidence) {
    }

    /**
     * Reads the home screen's settings and notices in one opening of the store as {@code who}
     * ({@link ClinicNotices#read}); a part that cannot be read is null and the others are still read.
     *
     * @param language the screen's language (the template corrections are said in it)
     * @throws StoreException when the store cannot be opened (everything stays hidden, as before)
     */
    Notices read(Principal who, String language) throws StoreException {
        ClinicNotices.Notices n = new ClinicNotices(store.asSignedIn(who)).read(language);
        return new Notices(n.settings(), n.templates(), n.texts(), n.backup(), n.evidence());
    }

    /** Whether the clinic has set a staff PIN, read as {@code who} ({@link RecordStore#hasStaffPin}). */
    boolean hasStaffPin(Principal who) throws StoreException {
        return settings(who).hasStaffPin();
    }

    /**
     * Sets the clinic's staff PIN as {@code who} ({@link RecordStore#setStaffPin}: the first by anyone signed in, a
     * change by administrators; hashed and audited), once it was typed twice alike (issue 16 §7). Slow: off the FX
     * thread.
     *
     * @param again the PIN typed a second time
     * @throws IllegalArgumentException "the two PINs differ; nothing was stored" (before the store is opened), or
     *                                  "a staff PIN has 4 to 8 digits"
     */
    void setStaffPin(Principal who, String pin, String again) throws StoreException {
        if (!SettingsAdministration.samePin(pin, again)) { // before the store is opened
            throw new IllegalArgumentException("the two PINs differ; nothing was stored");
        }
        settings(who).setStaffPin(() -> pin, () -> again);
    }

    /** The settings use case as {@code who}. */
    private SettingsAdministration settings(Principal who) {
        return new SettingsAdministration(store.asSignedIn(who));
    }

    // --- the home screen's buttons and drafts (issue 16 §7) -------------------------------------------------

    /**
     * One of the home screen's main buttons, always shown in the same place whatever the role: one this person may
     * not use is disabled, with the reason shown under it (a message key), so a screen looks the same to everyone and
     * says what each role may do (issue 16 §7).
     *
     * @param id        the button's id ({@code home-new-consultation}, {@code home-records}, {@code home-overview},
     *                  {@code home-admin})
     * @param labelKey  its label's message key
     * @param allowed   whether this person's roles allow it
     * @param reasonKey why not, a message key; null when allowed
     */
    record Action(String id, String labelKey, boolean allowed, String reasonKey) {
    }

    /** The main buttons, in their fixed order: new consultation, records, overview, administration. */
    static List<Action> actions(Principal who) {
        return List.of(
                action(who, "home-new-consultation", "home.newConsultation",
                        org.exoconsent.records.Permission.CONSULT, "home.onlyConsult"),
                action(who, "home-records", "home.records", org.exoconsent.records.Permission.VIEW_RECORDS,
                        "home.onlyRecords"),
                action(who, "home-overview", "home.overview", org.exoconsent.records.Permission.VIEW_RECORDS,
                        "home.onlyRecords"),
                action(who, "home-admin", "home.admin", org.exoconsent.records.Permission.MANAGE_USERS,
                        "home.onlyAdmin"));
    }

    private static Action action(Principal who, String id, String key, org.exoconsent.records.Permission needed,
                                 String reason) {
        boolean may = who.may(needed);
        return new Action(id, key, may, may ? null : reason);
    }

    /**
     * A draft's line on the home screen: "Resume: 佐藤 花子 (saved 2026-11-21 12:00)", the time as the clinic's
     * screens show it ({@link org.exoconsent.consent.ClinicClock#onScreen}: the clinic's zone, to the minute), never
     * the stored instant ({@code 2026-11-21T03:00:00.979Z}).
     */
    static String draftLine(java.util.ResourceBundle ui, org.exoconsent.records.DraftStore.Draft d,
                            org.exoconsent.consent.ClinicClock clinic) {
        return java.text.MessageFormat.format(ui.getString("home.draft"), d.session().patient().name(),
                clinic.onScreen(d.savedAt()));
    }

    /**
     * A draft's line on the home screen of device {@code me} (issue 17 §3): {@link #draftLine} and, when another
     * device holds it (not lapsed at the clinic clock's instant), "- on Tablet 2 since 12:03" (the device's label, the
     * time it took the draft in the clinic's zone, to the minute).
     */
    static String draftLine(java.util.ResourceBundle ui, org.exoconsent.records.DraftStore.Draft d,
                            org.exoconsent.consent.ClinicClock clinic, org.exoconsent.records.Device me) {
        org.exoconsent.records.DraftStore.Hold h = d.heldElsewhere(me, clinic.instant());
        if (h == null) {
            return draftLine(ui, d, clinic);
        }
        return java.text.MessageFormat.format(ui.getString("home.draftHeld"), d.session().patient().name(),
                clinic.onScreen(d.savedAt()), h.device().label(), since(h, clinic));
    }

    /** When {@code h}'s device took its draft, {@code HH:mm} in the clinic's zone. */
    static String since(org.exoconsent.records.DraftStore.Hold h, org.exoconsent.consent.ClinicClock clinic) {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(clinic.at(h.since()));
    }
}
