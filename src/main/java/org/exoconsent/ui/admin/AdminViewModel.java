package org.exoconsent.ui.admin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.records.Accounts;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Role;
import org.exoconsent.records.Settings;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.template.TemplateException;
import org.exoconsent.usecases.AccountAdministration;
import org.exoconsent.usecases.Administration;
import org.exoconsent.usecases.BackupRestore;
import org.exoconsent.usecases.CatalogAdministration;
import org.exoconsent.usecases.SettingsAdministration;
import org.exoconsent.usecases.StoreOpening;
import org.exoconsent.usecases.StoreOpenings;
import org.exoconsent.usecases.TemplateAdministration;

/**
 * The administrator's screen without a screen: people and their roles, the clinic's settings and profile, the
 * consent template versions, and backups. Every change goes through a use case of {@code org.exoconsent.usecases}
 * as the signed-in administrator, which checks the role first, and through the store, which refuses what is wrong
 * with a message naming the field and audits; this class only runs the calls off the FX thread and keeps what the
 * screen shows (read again after each change: {@link Administration#screen}). Messages are bundle keys with
 * arguments.
 */
public final class AdminViewModel {
    /** A message for the screen: a bundle key and its arguments. */
    public record Message(String key, List<Object> args) {
        static Message of(String key, Object... args) {
            return new Message(key, List.of(args));
        }
    }

    private final Administration administration;
    private final AccountAdministration accounts;
    private final SettingsAdministration settingsAdministration;
    private final CatalogAdministration catalogAdministration;
    private final TemplateAdministration templateAdministration;
    private final BackupRestore backupRestore;
    private final Principal who;
    private final Executor background;
    private final Executor fx;

    private final ObservableList<Accounts.Account> users = FXCollections.observableArrayList();
    private final ObservableList<TemplateLibrary.Version> templates = FXCollections.observableArrayList();
    // one read-only view each, for every listener (a new view per call would drop listeners when collected)
    private final ObservableList<Accounts.Account> usersView = FXCollections.unmodifiableObservableList(users);
    private final ObservableList<TemplateLibrary.Version> templatesView =
            FXCollections.unmodifiableObservableList(templates);
    private final ReadOnlyObjectWrapper<Settings> settings = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Catalog.Clinic> clinic = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RecordStore.CatalogView> catalog = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Message> message = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    /** The store, when a backup of it is not made by this release (a PostgreSQL store); null for a data directory. */
    private final org.exoconsent.records.StoreLocation backupElsewhere;
    /** The clinic's clock as the store last gave it (its zone shows the screen's times). */
    private final ReadOnlyObjectWrapper<ClinicClock> clinicClock;
    /** The same, on the background thread, for the messages of the work just done. */
    private volatile ClinicClock clinicClockNow;

    /** As {@link #AdminViewModel(StoreOpenings, Principal, Executor, Executor)} on the data directory {@code dir}. */
    public AdminViewModel(DataDirectory dir, Clock clock, Principal who, Executor background, Executor fx) {
        this(StoreOpenings.of(dir, clock), who, background, fx);
    }

    /**
     * @param store      the store this device is set to (a data directory or a PostgreSQL store, issue 17 §1)
     * @param who        the administrator signed in; the store checks their roles on every use
     * @param background where the store is called
     * @param fx         where the results are shown (the FX thread)
     */
    public AdminViewModel(StoreOpenings store, Principal who, Executor background, Executor fx) {
        Clock clock = store.clock();
        this.backupElsewhere = store.dataDirectory().isEmpty() ? store.location() : null;
        StoreOpening opening = store.asSignedIn(who);
        this.administration = new Administration(opening);
        this.accounts = new AccountAdministration(opening);
        this.settingsAdministration = new SettingsAdministration(opening);
        this.catalogAdministration = new CatalogAdministration(opening);
        this.templateAdministration = new TemplateAdministration(opening);
        this.backupRestore = new BackupRestore(opening, clock);
        this.who = who;
        this.background = background;
        this.fx = fx;
        this.clinicClockNow = ClinicClock.of(clock, ClinicClock.DEFAULT_ZONE);
        this.clinicClock = new ReadOnlyObjectWrapper<>(clinicClockNow);
    }

    /**
     * The store (the screen names it in the staff language) when this release makes no backup of it (issue 17 §4: a PostgreSQL store's backup is not
     * built yet; the screen disables "back up now" and says so); null for a data directory, which is backed up.
     */
    public org.exoconsent.records.StoreLocation backupUnavailable() {
        return backupElsewhere;
    }

    /**
     * The clinic's clock, as read with the screen's data (the default zone until then): the screen shows its times
     * in the clinic's zone, whatever this device's.
     */
    public ReadOnlyObjectProperty<ClinicClock> clinicClockProperty() {
        return clinicClock.getReadOnlyProperty();
    }

    public ObservableList<Accounts.Account> users() {
        return usersView;
    }

    /** The clinic's consent template versions, highest first; the active one is marked. */
    public ObservableList<TemplateLibrary.Version> templates() {
        return templatesView;
    }

    public ReadOnlyObjectProperty<Settings> settingsProperty() {
        return settings.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Catalog.Clinic> clinicProperty() {
        return clinic.getReadOnlyProperty();
    }

    /** Physicians, products and lots as last read (CatalogViewModel shows them). */
    public ReadOnlyObjectProperty<RecordStore.CatalogView> catalogProperty() {
        return catalog.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Message> messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    interface Work<T> {
        T run() throws Exception;
    }

    /** Runs one store call in the background, then reloads what the screen shows, then says how it went. */
    <T> void run(String purpose, Work<T> work, java.util.function.Function<T, Message> done) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        background.execute(() -> {
            Message m;
            List<Accounts.Account> u;
            Settings s;
            RecordStore.CatalogView c;
            List<TemplateLibrary.Version> t;
            ClinicClock cc;
            Message[] doneMessage = new Message[1];
            try {
                T result = work.run();
                // what the work did is said even when re-reading the screen then fails (attack review of
                // 2026-12-01: a backup written beside a damaged template version row was reported as a failure)
                doneMessage[0] = done.apply(result);
                Administration.Screen screen = administration.screen();
                cc = screen.clinicClock() != null ? screen.clinicClock() : clinicClockNow;
                clinicClockNow = cc;
                m = doneMessage[0];
                u = screen.accounts();
                s = screen.settings();
                c = screen.catalog();
                t = screen.templates();
            } catch (Exception e) {
                String damage = org.exoconsent.ui.controls.StoreFailureText.damage(e);
                Message failed = doneMessage[0] != null ? doneMessage[0] // the work was done: said as done
                        : damage != null ? Message.of("app.store.damaged", damage) // said in its language
                        : Message.of("admin.failed", e instanceof TemplateException te ? problems(te) : e.getMessage());
                fx.execute(() -> {
                    message.set(failed);
                    busy.set(false);
                });
                return;
            }
            // each use case closed its opening of the store before the screen says the work is done
            Message shown = m;
            ClinicClock read = cc;
            fx.execute(() -> {
                clinicClock.set(read);
                users.setAll(u);
                settings.set(s);
                clinic.set(c.clinic());
                catalog.set(c);
                templates.setAll(t);
                message.set(shown);
                busy.set(false);
            });
        });
    }

    /** Reads users, settings, the clinic profile and the catalog. */
    public void load() {
        run("administration", () -> null, x -> null);
    }

    public void addUser(String name, Set<Role> roles, String licence, char[] password) {
        addUser(name, roles, licence, null, password);
    }

    /**
     * Adds a user with a staff language ("ja" or "en"; null: none, the computer's is used), off the FX thread; the
     * outcome in {@link #messageProperty()}.
     */
    public void addUser(String name, Set<Role> roles, String licence, String language, char[] password) {
        run("add a user", () -> accounts.add(name.strip(), roles, licence == null || licence.isBlank() ? null
                : licence.strip(), language, () -> password), outside -> outside == null
                ? Message.of("admin.userAdded", name.strip())
                : Message.of("admin.userAddedOutsideCatalog", name.strip(), outside));
    }

    /** Sets a user's staff language ("ja" or "en"; issue 16 §6), off the FX thread; audited by the store. */
    public void setLanguage(String name, String language) {
        run("set the language", () -> {
            accounts.setLanguage(name, language);
            return null;
        }, x -> Message.of("admin.languageSet", name));
    }

    public void setRoles(String name, Set<Role> roles, String licence) {
        run("set roles", () -> accounts.setRoles(name, roles, licence), outside -> outside == null
                ? Message.of("admin.rolesSet", name) : Message.of("admin.rolesSetOutsideCatalog", name, outside));
    }

    public void setActive(String name, boolean active) {
        run(active ? "enable a user" : "disable a user", () -> {
            accounts.setActive(name, active);
            return null;
        }, x -> Message.of(active ? "admin.enabled" : "admin.disabled", name));
    }

    public void setPassword(String name, char[] password) {
        run("set a password", () -> {
            accounts.setPassword(name, () -> password);
            return null;
        }, x -> Message.of("admin.passwordSet", name));
    }

    /**
     * Changes the clinic's staff PIN (an administrator's: a forgotten one), typed twice (issue 16 §7): a mismatch is
     * said at once ({@code home.pinsDiffer}) and nothing is stored; else set off the FX thread, hashed and audited by
     * the store.
     */
    public void setStaffPin(String pin, String again) {
        if (!SettingsAdministration.samePin(pin, again)) {
            message.set(Message.of("home.pinsDiffer"));
            return;
        }
        if (!SettingsAdministration.pinWellFormed(pin)) { // said in the screen's language (review F9)
            message.set(Message.of("home.pinFormat"));
            return;
        }
        run("staff PIN", () -> {
            settingsAdministration.setStaffPin(() -> pin, () -> again);
            return null;
        }, x -> Message.of("admin.pinSet"));
    }

    /**
     * Changes the settings given as text (as typed), each checked first, so a refused value (named in the message)
     * changes none of them; unchanged ones are skipped. The time zone is a region id such as {@code Asia/Tokyo}
     * ({@link Settings#parseTimeZone}); each change is audited by the store.
     */
    public void saveSettings(String reflectionMinutes, String idleLockMinutes, String timeZone) {
        run("settings", () -> {
            settingsAdministration.save(reflectionMinutes, idleLockMinutes, timeZone);
            return null;
        }, x -> Message.of("admin.settingsSaved"));
    }

    /**
     * Saves the clinic profile. A blood-donation policy that states a period is refused by the store
     * unless {@code despiteWarning} (the view asks first, see {@link org.exoconsent.records.BloodDonationPolicy}).
     */
    public void saveClinic(String name, String address, String phone, String policy, boolean despiteWarning) {
        saveClinic(name, address, phone, policy, null, despiteWarning);
    }

    /**
     * Saves the clinic profile with its texts in English (issue 12 §2). The English texts are optional as a whole:
     * all blank leaves those the clinic has as they are; otherwise the name, address and policy are all required and
     * must not contain Japanese characters (said in the screen's language before anything is saved).
     *
     * @param english the English name, address and policy as typed, or null
     */
    public void saveClinic(String name, String address, String phone, String policy, Catalog.ClinicText english,
                           boolean despiteWarning) {
        Message problem = englishProblem(english);
        boolean given = english != null && !(blank(english.name()) && blank(english.address())
                && blank(english.bloodDonationPolicy()));
        run("clinic profile", () -> {
            if (problem != null) {
                return problem;
            }
            catalogAdministration.setClinic(new Catalog.Clinic(name.strip(), address.strip(), phone.strip(), policy.strip(),
                    false, given ? java.util.Map.of(ProductValidation.ENGLISH, new Catalog.ClinicText(
                            english.name().strip(), english.address().strip(), english.bloodDonationPolicy().strip()))
                            : java.util.Map.of()), despiteWarning);
            return Message.of("admin.clinicSaved");
        }, m -> m);
    }

    /**
     * The first problem of the clinic's English texts as typed (a bundle key and its arguments, for the screen's
     * language), or null when there is none or nothing was typed.
     */
    public static Message englishProblem(Catalog.ClinicText english) {
        if (english == null || blank(english.name()) && blank(english.address())
                && blank(english.bloodDonationPolicy())) {
            return null;
        }
        String[][] fields = {{"admin.clinicNameEnRequired", english.name()},
            {"admin.clinicAddressEnRequired", english.address()},
            {"admin.policyEnRequired", english.bloodDonationPolicy()}};
        for (String[] f : fields) {
            if (blank(f[1])) {
                return Message.of(f[0]);
            }
        }
        for (String[] f : fields) {
            Message foreign = CatalogViewModel.notEnglish(f[1].strip());
            if (foreign != null) {
                return foreign;
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A refused template's problems, the first few of them, each naming file, line and field. */
    private static String problems(TemplateException e) {
        List<String> all = e.problems().stream().map(Object::toString).toList();
        int shown = Math.min(5, all.size());
        return String.join("\n", all.subList(0, shown)) + (all.size() > shown ? "\n… (" + (all.size() - shown)
                + " more: exoconsent templates check FOLDER)" : "");
    }

    /** Checks a template folder with every rule and adds it as a new version; it is not used until activated. */
    public void importTemplate(Path folder) {
        run("import a template", () -> templateAdministration.importVersion(folder),
                v -> Message.of("admin.templateImported", v.id(), v.version()));
    }

    /** Makes a version the one new consultations use; drafts and records keep theirs. */
    public void activateTemplate(String id, String version) {
        run("activate a template", () -> templateAdministration.activate(id, version).version(),
                v -> v.effectiveDate().isAfter(clinicClockNow.today())
                        ? Message.of("admin.templateActivatedEarly", v.id(), v.version(), v.effectiveDate().toString())
                        : Message.of("admin.templateActivated", v.id(), v.version()));
    }

    /**
     * Restores a backup into a new, empty folder (never over data): decrypted with {@code passphrase} (empty for an
     * unencrypted backup of an earlier release), every entry, record, account and the audit chain checked first,
     * and the signing key and documents against {@code fingerprint} when one is given. The message says what could
     * not be checked. The clinic then starts ExoConsent with that folder; this data directory is not touched.
     */
    public void restore(Path backup, Path target, char[] passphrase, String fingerprint) {
        run("restore a backup elsewhere", () -> backupRestore.restoreAsSignedIn(backup, new DataDirectory(target),
                        org.exoconsent.records.RestoreOptions.of(passphrase == null || passphrase.length == 0 ? null
                                : passphrase, fingerprint == null || fingerprint.isBlank() ? List.of()
                                : List.of(fingerprint.strip()))),
                r -> r.notChecked().isEmpty() ? Message.of("admin.restored", r.records(), r.dataDirectory(),
                        r.verification().withdrawals(), r.verification().corrections())
                        : Message.of("admin.restoredNotChecked", r.records(), r.dataDirectory(),
                                String.join("; ", r.notChecked()), r.verification().withdrawals(),
                                r.verification().corrections()));
    }

    /** Writes an encrypted backup under {@code passphrase} (at least 12 characters; the store refuses shorter). */
    public void backup(Path out, char[] passphrase, Consumer<RecordStore.BackupFile> done) {
        run("backup", () -> backupRestore.backup(out, passphrase), b -> {
            done.accept(b);
            if (!b.damaged().isEmpty() || !b.rowsLeftOut().isEmpty()) { // attack review of 2026-12-01
                List<String> named = new java.util.ArrayList<>(b.leftOut());
                named.addAll(b.damaged());
                named.addAll(b.rowsLeftOut());
                return Message.of(b.restores() ? "admin.backedUpWithoutRows" : "admin.backedUpDamaged", b.file(),
                        named.size(), String.join("\n", named));
            }
            return b.whole() ? Message.of("admin.backedUp", b.file(), b.bytes())
                    : Message.of("admin.backedUpWithout", b.file(), b.leftOut().size(), String.join("\n", b.leftOut()));
        });
    }

    /**
     * Writes a leaflet to read at home (see {@link RecordStore#leaflet}) for the version new consultations use.
     *
     * @param product a product name of the catalog, or null for every product
     * @param route   the route, or null for every route
     */
    public void leaflet(String language, String product, org.exoconsent.consent.ConsentSession.Route route,
                        Path out) {
        run("leaflet", () -> templateAdministration.leaflet(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY,
                null, language, product, route, out, false), bytes -> Message.of("admin.leafletSaved", out, bytes));
    }

    /** The catalog use case as the signed-in administrator (CatalogViewModel's changes). */
    CatalogAdministration catalogAdministration() {
        return catalogAdministration;
    }

    public String signedInName() {
        return who.name();
    }
}
