package org.exoconsent.usecases;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.function.Supplier;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Permission;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;

/**
 * The clinic's settings (issue 15 §1; {@code exoconsent settings}, the administration screen's settings tab, the
 * home screen's staff PIN): reflection time, idle lock, backup reminder, time zone, anchor and the staff PIN.
 * Reading needs {@link Permission#READ_CATALOG} (anyone signed in); changing needs {@link Permission#MANAGE_SETTINGS}
 * (administrators), checked before any work (a refusal is audited {@code access-refused}). A value is checked
 * before it is stored — refused with {@link IllegalArgumentException} naming the setting and its range — and each
 * change is audited {@code settings:changed} in the transaction that makes it.
 */
public final class SettingsAdministration {
    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public SettingsAdministration(StoreOpening opening) {
        this.opening = opening;
    }

    /** The clinic's settings, defaults marked. */
    public Settings settings() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "settings show")) {
            return store.settings();
        }
    }

    /**
     * Sets one setting by its name as the command line gives it: a minutes or days setting
     * ({@link Settings.Key#of}, parsed and range-checked), {@value Settings#TIME_ZONE} (an IANA region id,
     * {@link Settings#parseTimeZone}) or {@value Settings#ANCHOR} (an absolute file path outside the data
     * directory, or {@code none}).
     *
     * @param afterRestore for the anchor: this data directory was restored and now replaces the clinic's
     * @throws IllegalArgumentException naming the setting or the value refused; nothing is changed
     */
    public void set(String name, String value, boolean afterRestore) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_SETTINGS, "settings set")) {
            if (Settings.ANCHOR.equals(name)) {
                store.setAnchor("none".equals(value) ? null : Path.of(value), afterRestore);
                return;
            }
            if (Settings.TIME_ZONE.equals(name)) {
                store.setTimeZone(Settings.parseTimeZone(value));
                return;
            }
            Settings.Key key = Settings.Key.of(name);
            store.setSetting(key, key.parse(value));
        }
    }

    /**
     * Changes the reflection time, the idle lock and the time zone as typed on the administration screen: all three
     * are checked first, so a refused value (named in the message) changes none; unchanged ones are skipped.
     *
     * @param timeZone a region id such as {@code Asia/Tokyo}
     * @throws IllegalArgumentException naming the setting or value refused; nothing is changed
     */
    public void save(String reflectionMinutes, String idleLockMinutes, String timeZone) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.MANAGE_SETTINGS, "settings set")) {
            Settings now = store.settings();
            int reflection = Settings.Key.REFLECTION_MINUTES.parse(reflectionMinutes);
            int idle = Settings.Key.IDLE_LOCK_MINUTES.parse(idleLockMinutes);
            ZoneId zone = Settings.parseTimeZone(timeZone);
            if (now.damage(Settings.Key.REFLECTION_MINUTES) != null || reflection != now.get(Settings.Key.REFLECTION_MINUTES)) { // a repair too
                store.setSetting(Settings.Key.REFLECTION_MINUTES, reflection);
            }
            if (now.damage(Settings.Key.IDLE_LOCK_MINUTES) != null || idle != now.get(Settings.Key.IDLE_LOCK_MINUTES)) { // a repair too
                store.setSetting(Settings.Key.IDLE_LOCK_MINUTES, idle);
            }
            String current = now.isDefaultTimeZone() ? ClinicClock.DEFAULT_ZONE.getId() : now.storedTimeZone();
            if (!zone.getId().equals(current)) {
                store.setTimeZone(zone);
            }
        }
    }

    /** Whether the clinic has set a staff PIN ({@link RecordStore#hasStaffPin}). */
    public boolean hasStaffPin() throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "settings show")) {
            return store.hasStaffPin();
        }
    }

    /**
     * Sets the staff PIN that unlocks patient mode ({@link RecordStore#setStaffPin}): the first by anyone signed in,
     * a change by administrators only (refused and audited by the store); kept as a salted hash, audited without it.
     *
     * @param pin asked once the person is signed in (with --password-stdin the password is standard input's first
     *            line, the PIN its next)
     * @throws IllegalArgumentException "a staff PIN has 4 to 8 digits", or the face's refusal of what was typed
     */
    public void setStaffPin(Supplier<String> pin) throws StoreException {
        setStaffPin(pin, null);
    }

    /**
     * As {@link #setStaffPin(Supplier)}, the PIN typed twice (issue 16 §7: a typing slip would leave nobody able to
     * end patient mode): both are asked after the permission check, and a mismatch is refused before anything is
     * stored.
     *
     * @param again the same PIN typed a second time; null when the face asked only once (a script's standard input)
     * @throws IllegalArgumentException "the two PINs differ; nothing was stored", or "a staff PIN has 4 to 8 digits"
     */
    public void setStaffPin(Supplier<String> pin, Supplier<String> again) throws StoreException {
        try (RecordStore store = Permitted.open(opening, Permission.READ_CATALOG, "settings set-staff-pin")) {
            String typed = pin.get();
            if (again != null && !samePin(typed, again.get())) {
                throw new IllegalArgumentException("the two PINs differ; nothing was stored");
            }
            store.setStaffPin(typed);
        }
    }

    /**
     * Whether {@code pin} has a staff PIN's form, 4 to 8 digits ({@link RecordStore#isStaffPinWellFormed}): the faces
     * check it first, to say a refusal in the screen's language before anything is stored.
     */
    public static boolean pinWellFormed(String pin) {
        return RecordStore.isStaffPinWellFormed(pin);
    }

    /** Whether a PIN was typed the same twice (neither missing): the faces check it first, to say it at once. */
    public static boolean samePin(String pin, String again) {
        return pin != null && pin.equals(again);
    }
}
