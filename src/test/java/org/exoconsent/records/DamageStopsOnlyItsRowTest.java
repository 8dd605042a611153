package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored time or date made unreadable with SQL stops only its own row (attack review of 2026-12-01): a record's
 * {@code recorded_at} is listed, recalled and exported marked {@link RecordRow#UNREADABLE} and named, the other
 * records as before; a lot's expiry does not stop the catalog (the other lots listed, the damaged one named; nothing
 * recorded on it), nor the withdrawal or the card of a consent of another lot; a template version's time does not
 * stop the backup, and the restored copy's {@code records verify} names the same damage. The same on the real
 * PostgreSQL server in {@link DamageStopsOnlyItsRowOnPostgresTest}.
 */
class DamageStopsOnlyItsRowTest {
    /** The Japanese example consent, lot UC10-2611-04. */
    static final String JA = "6f1c2a4e-3b7d-4c1e-9a55-0d2b8e7f4a10";
    /** The English example consent, lot AD-2609-17. */
    static final String EN = "a3e9b0c2-5d41-4f6a-8b27-91c4d0e6f538";

    /** Changes one stored value behind the product's back, past any trigger that keeps the row (as sqlite3 could). */
    interface Damage {
        void set(String table, String column, String value, String where) throws Exception;
    }

    /** Makes the store's backup (as the clinic does: {@code exoconsent backup}) into {@code out}. */
    interface Backup {
        Path make(Path out, char[] passphrase) throws Exception;
    }

    /**
     * Restores {@code backup} into a new store, whose {@code records verify} the restore runs; returns what it said:
     * a copy that is not intact is refused, its problems named (nothing restored).
     */
    interface Restore {
        String into(Path backup) throws Exception;
    }

    /** What a restore said: its refusal's message (it names the copy's problems), or its verification's problems. */
    interface Run {
        RecordStore.Restored restore() throws Exception;
    }

    static String said(Run run) throws Exception {
        try {
            return String.join("\n", run.restore().verification().problems());
        } catch (RefusedException e) {
            return e.getMessage();
        }
    }

    static final String PASSPHRASE = "a long backup passphrase";

    /**
     * A new store with the first administrator (every role), a physician, the test signing key registered, and the
     * two example consents recorded: JA (P-000123 佐藤 花子, born 1954-03-15) and EN (P-000456 Emily Clarke, born
     * 1968-09-02).
     */
    static void twoConsentsRecorded(RecordStoreOnStoresTest.Opening opening, RecordStoreOnStoresTest.Opening
            registrar, String place, KeyFiles keys, Clock clock) throws Exception {
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(opening.open(), place,
                keys), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(registrar.open(), place, keys), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            TestAccounts.registerTestKey(admin);
        }
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            TestAccounts.record(store, Examples.session("complete-ja"), Examples.template(), Examples.key(), "ja");
            TestAccounts.record(store, Examples.session("complete-en"), Examples.template(), Examples.key(), "en");
        }
    }

    /** The message {@link DamagedRow} gives JA's {@code patient_birth} holding '1954-02-30'. */
    static final String BIRTH_DAMAGE = "record " + JA + ": the database's record row '" + JA + "' was changed outside "
            + "the product: the column patient_birth holds '1954-02-30', not a date; no command rewrites a signed "
            + "record's row: its signed PDF holds the true value (exoconsent records verify compares the row with it "
            + "and names what the signed document says); an administrator of the database sets the column back to it "
            + "with SQL (the devices' role cannot: on PostgreSQL the database's owner does it, on a data directory "
            + "sqlite3 with the record_immutable trigger set aside), and records verify then checks the row against "
            + "its signed PDF";

    /**
     * The start page's known-patient search ({@link RecordStore#findPatients}) goes on past a damaged row: with JA's
     * birth date made unreadable, both patients are still found, JA marked (no birth date, the damage named) and EN as
     * before; then with EN's consultation time made unreadable too, EN is found marked (no last consultation day),
     * its birth date still read. The search is audited with how many hits were damaged. A new consent naming a
     * damaged last consent is refused naming the damage, never a raw parse error.
     */
    static void patientSearchGoesOnPastADamagedRow(RecordStoreOnStoresTest.Opening opening,
            RecordStoreOnStoresTest.Opening registrar, String place, KeyFiles keys, Clock clock, Damage damage)
            throws Exception {
        twoConsentsRecorded(opening, registrar, place, keys, clock);
        damage.set("record", "patient_birth", "1954-02-30", "id = '" + JA + "'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            List<RecordStore.KnownPatient> found = store.findPatients("P-000", 20);
            assertEquals(java.util.Set.of("P-000123", "P-000456"), found.stream()
                    .map(RecordStore.KnownPatient::patientNumber).collect(java.util.stream.Collectors.toSet()),
                    "both patients found: " + found);
            RecordStore.KnownPatient ja = found.stream().filter(p -> p.lastConsentId().equals(JA)).findFirst()
                    .orElseThrow();
            assertTrue(ja.damaged());
            assertEquals(List.of(BIRTH_DAMAGE), ja.damage());
            assertEquals(null, ja.dateOfBirth(), "no birth date read from a damaged value");
            assertEquals("佐藤 花子", ja.name(), "what can be read is shown");
            RecordStore.KnownPatient en = found.stream().filter(p -> p.lastConsentId().equals(EN)).findFirst()
                    .orElseThrow();
            assertEquals(List.of(), en.damage());
            assertEquals(LocalDate.parse("1968-09-02"), en.dateOfBirth());
            assertEquals(LocalDate.parse("2026-11-20"), en.lastConsultationDay());
            var audited = store.auditTrail(new AuditTrail.Filter(null, null, "patient-search", null, "P-000"), 1)
                    .entries();
            assertEquals(1, audited.size(), "the search is audited: " + audited);
            assertEquals("found: 2; damaged: 1", audited.get(0).details());
        }
        damage.set("record", "consultation_at", "garbage", "id = '" + EN + "'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            List<RecordStore.KnownPatient> found = store.findPatients("Clarke", 20);
            assertEquals(1, found.size(), found.toString());
            RecordStore.KnownPatient en = found.get(0);
            assertEquals(List.of("record " + EN + ": the database's record row '" + EN + "' was changed outside the "
                    + "product: the column consultation_at holds 'garbage', not a time with its offset; "
                    + SqlRecordsIndex.CONSULTATION_AT_REPAIR), en.damage());
            assertEquals(null, en.lastConsultationDay(), "no day read from a damaged time");
            assertEquals(LocalDate.parse("1968-09-02"), en.dateOfBirth(), "the value that can be read is read");
            assertEquals(2, store.findPatients("P-000", 20).size(), "both still found");

            // a consent that follows the damaged one: refused, naming the damage, not a raw error; nothing recorded
            var again = Examples.session("complete-en").withId("0d5e8a71-2c4b-4f3e-9b6a-7e1f2d3c4b5a")
                    .withLastConsent(new org.exoconsent.consent.ConsentSession.LastConsent(EN,
                            LocalDate.parse("2026-11-20"), Examples.template().version()));
            DamagedStoreException refused = assertThrows(DamagedStoreException.class,
                    () -> TestAccounts.record(store, again, Examples.template(), Examples.key(), "again"));
            assertTrue(refused.getMessage().contains("the column consultation_at holds 'garbage', not a time with its "
                    + "offset; " + SqlRecordsIndex.CONSULTATION_AT_REPAIR), refused.getMessage());
            assertEquals(2, store.list(RecordFilter.ALL, 0, 10).size(), "nothing recorded");
        }
    }

    /** The message {@link DamagedRow} gives JA's {@code recorded_at} holding 'garbage'. */
    static final String RECORDED_AT_DAMAGE = "record " + JA + ": the database's record row '" + JA + "' was changed "
            + "outside the product: the column recorded_at holds 'garbage', not an instant; no command rewrites a "
            + "signed record's row: the true value is the time of the audit trail's entry that recorded the document, "
            + "written at the same instant (its 'created' or 'refusal-recorded' entry, a withdrawal's 'withdrawn' entry "
            + "of its consent: exoconsent audit export --subject ID); an administrator of the database sets the column "
            + "back to it with SQL (the devices' role cannot: on PostgreSQL the database's owner does it, on a data "
            + "directory sqlite3 with the record_immutable trigger set aside), and records verify then checks the row "
            + "against its signed PDF";

    /** The product of lot UC10-2611-04 (the demo catalog's). */
    static final String UC = "デモ培養上清エクソソーム UC-10";

    /** The message {@link DamagedRow} gives lot UC10-2611-04's expiry holding '2027-02-30x'. */
    static final String LOT_DAMAGE = "lot UC10-2611-04 of " + UC + ": the database's lot row 'UC10-2611-04' was "
            + "changed outside the product: the column expiry holds '2027-02-30x', not a date; " + SqlCatalog.LOT_REPAIR;

    /**
     * The two example consents recorded (JA on UC10-2611-04, EN on AD-2609-17), then each kind of damage, each checked
     * as a user would.
     *
     * @param registrar opens the store as whoever registers signing keys (on PostgreSQL its owner)
     * @param backups   where the backup is written (a folder outside any store)
     */
    static void eachDamageStopsOnlyItsRow(RecordStoreOnStoresTest.Opening opening, RecordStoreOnStoresTest.Opening
            registrar, String place, KeyFiles keys, Clock clock, Damage damage, Path backups, Backup backup, Restore restore)
            throws Exception {
        twoConsentsRecorded(opening, registrar, place, keys, clock);
        String trueRecordedAt;
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            trueRecordedAt = store.list(RecordFilter.ALL, 0, 10).stream().filter(r -> r.id().equals(JA)).findFirst()
                    .orElseThrow().recordedAt();
            // a second version, not chosen, for the library's list (4.)
            store.importTemplate(Examples.templateCopy(backups.resolve("new-9.0.0"), "9.0.0"));
        }

        // 1. a record's recording time: listed, recalled and exported, marked, and named
        damage.set("record", "recorded_at", "garbage", "id = '" + JA + "'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            List<RecordRow> recalled = store.recall("UC10-2611-04", null);
            assertEquals(List.of(JA), recalled.stream().map(RecordRow::id).toList(), "the patient is still reached");
            RecordRow row = recalled.get(0);
            assertEquals(RecordRow.UNREADABLE, row.recordedAt());
            assertEquals("P-000123", row.patientNumber(), "what can be read is shown");
            assertEquals(List.of(RECORDED_AT_DAMAGE), row.damage());

            List<RecordRow> all = store.list(RecordFilter.ALL, 0, 10);
            assertEquals(2, all.size(), "the records page lists both: " + all);
            assertEquals(List.of(), all.stream().filter(r -> r.id().equals(EN)).findFirst().orElseThrow().damage());

            Path csv = backups.resolve("records.csv");
            RecordStore.Exported e = store.export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, csv, false,
                    (done, total) -> { }, () -> false);
            assertEquals(2, e.records(), "every record written");
            assertEquals(List.of(RECORDED_AT_DAMAGE), e.damaged(), "the damage named after the file was written");
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            assertTrue(text.contains(JA) && text.contains(EN), text);
            assertTrue(text.contains("\"" + RecordRow.UNREADABLE + "\""), text);

            RecordStore.Verification v = store.verify((done, total) -> { });
            assertTrue(v.problems().contains(RECORDED_AT_DAMAGE), v.problems().toString());
            // the repair is true: the audit trail's entry that recorded the consent holds its recording time
            var created = store.auditTrail(new AuditTrail.Filter(null, null, "created", null, JA), 1).entries();
            assertEquals(1, created.size(), created.toString());
            assertEquals(trueRecordedAt, store.clinicClock().iso(created.get(0).at()),
                    "the 'created' entry holds the time the row lost");
        }

        // 2. a lot's expiry: the catalog lists the other lots and names the damaged one (issue 17: it stopped the
        // start of every consultation); nothing is recorded on it; another lot's consent is withdrawn, its card made
        damage.set("lot", "expiry", "2027-02-30x", "number = 'UC10-2611-04'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            RecordStore.CatalogView catalog = store.catalog();
            assertEquals(List.of("AD-2609-17"), catalog.lots().stream().map(Catalog.Lot::number).toList(),
                    "the other lot can be chosen");
            assertEquals(List.of(new Catalog.DamagedLot(UC, "UC10-2611-04", LOT_DAMAGE)), catalog.damagedLots());
            assertEquals(1, catalog.physicians().size(), "the rest of the catalog as before: " + catalog);

            // a consultation on the damaged lot (a draft begun before the damage) is refused, naming the damage:
            // at the physician's confirmation, before the explanation, and when it would be recorded
            var onIt = Examples.session("complete-ja").withId("consult-on-damaged-lot");
            DamagedStoreException unconfirmed = assertThrows(DamagedStoreException.class, () -> store
                    .confirmTreatment(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD.toCharArray(), onIt));
            assertEquals("consultation consult-on-damaged-lot: treatment.lot: the treatment cannot be confirmed on lot "
                    + "UC10-2611-04 of product '" + UC + "': the catalog's expiry of it cannot be read, so it cannot be "
                    + "checked; " + LOT_DAMAGE, unconfirmed.getMessage());
            DamagedStoreException refused = assertThrows(DamagedStoreException.class, () -> TestAccounts.record(
                    store, onIt, Examples.template(), Examples.key(), "on-damaged-lot.json"));
            assertTrue(refused.getMessage().startsWith("on-damaged-lot.json: treatment.lot: nothing was recorded on "
                    + "lot UC10-2611-04 of product '" + UC + "': the catalog's expiry of it cannot be read, so it "
                    + "cannot be checked; " + LOT_DAMAGE), refused.getMessage());
            assertEquals(2, store.list(RecordFilter.ALL, 0, 10).size(), "nothing was recorded");

            assertTrue(store.takeHomeCard(EN).length > 1000, "the card of a consent of lot AD-2609-17");
            store.withdraw(EN, LocalDate.parse("2026-11-21"), "家族と相談して、受けないことにした", "受付 鈴木", null,
                    Examples.key());
            assertEquals("withdrawn", store.list(RecordFilter.ALL, 0, 10).stream().filter(r -> r.id().equals(EN))
                    .findFirst().orElseThrow().status());
        }
        // the monthly counts: a withdrawal whose recording time cannot be read is counted, under a plain mark
        damage.set("record", "recorded_at", "garbage", "id = '" + EN + "-withdrawal'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            RecordStore.Overview o = store.overview();
            assertEquals(java.util.Map.of(RecordRow.UNREADABLE, 1L), o.withdrawalsPerMonth());
            assertEquals(2L, o.consentsPerMonth().values().stream().mapToLong(Long::longValue).sum(), o.toString());
        }

        // 3. a template version's time: the backup is made all the same, and its restored copy names the damage
        damage.set("template_version", "added_at", "yesterday", "version = '" + Examples.template().version() + "'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            DamagedStoreException notices = assertThrows(DamagedStoreException.class,
                    () -> store.templateNotices("en"));
            assertTrue(notices.getMessage().contains("the column added_at holds 'yesterday', not an instant"),
                    notices.getMessage());
            assertTrue(store.takeHomeCard(JA).length > 1000, "a card does not read the template versions' times");
        }
        // the copy holds the same bytes: the restore's records verify names the same damage (and, as for any copy
        // that is not intact, restores nothing)
        String said = restore.into(backup.make(backups.resolve("clinic.exo"), PASSPHRASE.toCharArray()));
        List<String> lines = List.of(said.split("\n"));
        assertTrue(lines.contains(RECORDED_AT_DAMAGE), said);
        assertTrue(lines.contains("template version exosome-therapy " + Examples.template().version() + ": the "
                + "database's template_version row 'exosome-therapy " + Examples.template().version() + "' was changed "
                + "outside the product: the column added_at holds 'yesterday', not an instant; "
                + SqlTemplateVersions.VERSION_REPAIR), said);

        // 4. the library's list (templates list, the administration screen): every version listed, the damaged one's
        // unreadable fields null and named, its activation time too (brief C of issue 17: one hid them all)
        String version = Examples.template().version();
        damage.set("template_active", "activated_at", "last week", "template_id = 'exosome-therapy'");
        try (RecordStore store = signIn(opening, place, keys, clock)) {
            List<TemplateLibrary.Version> listed = store.templates();
            assertEquals(List.of("9.0.0", version), listed.stream().map(TemplateLibrary.Version::version).toList());
            TemplateLibrary.Version intact = listed.get(0);
            assertEquals(List.of(), intact.damage(), "the other version as before");
            assertEquals(clock.instant().getEpochSecond() / 86400, intact.addedAt().getEpochSecond() / 86400);
            TemplateLibrary.Version damaged = listed.get(1);
            assertTrue(damaged.active(), "still the one chosen");
            assertEquals(null, damaged.addedAt());
            assertEquals(Examples.template().manifest().effectiveDate(), damaged.effectiveDate(), "what can be read");
            assertEquals(List.of("template version exosome-therapy " + version + ": the database's template_version "
                    + "row 'exosome-therapy " + version + "' was changed outside the product: the column added_at "
                    + "holds 'yesterday', not an instant; " + SqlTemplateVersions.VERSION_REPAIR, "active template "
                    + "version exosome-therapy " + version + ": the database's template_active row 'exosome-therapy' "
                    + "was changed outside the product: the column activated_at holds 'last week', not an instant; "
                    + SqlTemplateVersions.ACTIVE_REPAIR), damaged.damage());
        }
    }

    private static RecordStore signIn(RecordStoreOnStoresTest.Opening opening, String place, KeyFiles keys,
                                      Clock clock) throws Exception {
        return RecordStore.signIn(new RecordStore.Source(opening.open(), place, keys), clock, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray());
    }

    @TempDir
    Path tmp;

    /** Changes one stored value of the data directory {@code dir} as sqlite3 could, the row's trigger set aside. */
    static Damage sqlite(DataDirectory dir) {
        return (table, column, value, where) -> TestAccounts.damage(dir, table, column, value, where);
    }

    @Test
    void onSqliteTheKnownPatientSearchFindsEveryPatientAndMarksTheDamagedOne() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Files.createDirectories(dir.root());
        RecordStoreOnStoresTest.Opening opening = () -> SqliteStores.open(dir);
        patientSearchGoesOnPastADamagedRow(opening, opening, dir.root().toString(),
                DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys")), Examples.CLOCK, sqlite(dir));
    }

    @Test
    void onSqliteEachDamagedValueStopsOnlyItsRowAndTheBackupCarriesIt() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        Files.createDirectories(dir.root());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("device").resolve("keys"));
        RecordStoreOnStoresTest.Opening opening = () -> SqliteStores.open(dir);
        Path out = Files.createDirectories(tmp.resolve("out"));
        eachDamageStopsOnlyItsRow(opening, opening, dir.root().toString(), keys, Examples.CLOCK, sqlite(dir), out, (file, passphrase) -> {
                    try (RecordStore store = RecordStore.signIn(dir, Examples.CLOCK, TestAccounts.NAME,
                            TestAccounts.PASSWORD.toCharArray(), "backup")) {
                        return store.backup(file, passphrase).file();
                    }
                }, backup -> said(() -> RecordStore.restore(backup, new DataDirectory(tmp.resolve("restored")),
                        Examples.CLOCK, RestoreOptions.of(PASSPHRASE.toCharArray(), List.of()))));
    }
}
