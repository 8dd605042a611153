package org.exoconsent.usecases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Device;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.PostgresOpening;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.StoreLocation;

/**
 * How the app reaches the store this device is set to (issue 17 §1), built once by the app's shell from the
 * {@link StoreLocation}: the embedded SQLite store of a data directory, or the clinic's PostgreSQL store. Every
 * screen opens the store through it ({@link #asSignedIn}, {@link #signIn}, {@link #drafts}), so that no screen knows
 * which store it works on; what only a data directory has ({@link #dataDirectory}) is empty on PostgreSQL, and the
 * screen says so instead.
 */
public final class StoreOpenings {
    /** What the app's connections are called on a PostgreSQL server ({@code pg_stat_activity}). */
    public static final String APPLICATION_NAME = "ExoConsent app";

    private final StoreLocation location;
    /** The data directory, or null on PostgreSQL. */
    private final DataDirectory dir;
    /** The PostgreSQL store, or null for a data directory. */
    private final PostgresLocation postgres;
    private final Clock clock;
    private final Map<String, String> env;
    private final org.exoconsent.pdf.KeyFiles deviceKeys;
    private final Drafts drafts;
    /** This device's own cache of drafts while the PostgreSQL server cannot be reached; null for a data directory. */
    private final org.exoconsent.records.DeviceDraftCache draftCache;

    private StoreOpenings(StoreLocation location, Clock clock, Map<String, String> env,
                          java.nio.file.Path deviceKeys, org.exoconsent.records.DeviceDraftCache draftCache) {
        this.location = location;
        this.draftCache = location instanceof PostgresLocation ? draftCache : null;
        this.clock = clock;
        this.env = Map.copyOf(env);
        if (location instanceof StoreLocation.InDataDirectory d) {
            this.dir = d.directory();
            this.postgres = null;
            this.deviceKeys = dir.keyFiles();
            this.drafts = new DraftStore(dir);
        } else {
            this.dir = null;
            this.postgres = (PostgresLocation) location;
            this.deviceKeys = DataDirectory.keyFilesIn(deviceKeys);
            this.drafts = new OpenedDrafts(this, null);
        }
    }

    /**
     * The openings of {@code location}.
     *
     * @param clock      the clock whose instant stamps the audit entries (the clinic's zone comes from the store)
     * @param env        the environment (on PostgreSQL its {@code PGPASSWORD}, {@code PGPASSFILE}, {@code APPDATA})
     * @param deviceKeys on PostgreSQL, the folder of this device's own signing key (issue 17 §2); unused for a data
     *                   directory, whose key is in its {@code keys/}
     */
    public static StoreOpenings of(StoreLocation location, Clock clock, Map<String, String> env,
                                   java.nio.file.Path deviceKeys) {
        return new StoreOpenings(location, clock, env, deviceKeys, null);
    }

    /**
     * As {@link #of(StoreLocation, Clock, Map, java.nio.file.Path)}, with this device's own cache of drafts (issue 17
     * §3, {@link DeviceDrafts}): on PostgreSQL a draft the server cannot take because it cannot be reached is kept
     * there; unused for a data directory (a local store is never unreachable).
     */
    public static StoreOpenings of(StoreLocation location, Clock clock, Map<String, String> env,
                                   java.nio.file.Path deviceKeys, org.exoconsent.records.DeviceDraftCache draftCache) {
        return new StoreOpenings(location, clock, env, deviceKeys, draftCache);
    }

    /** The openings of a data directory (its signing key in its {@code keys/}). */
    public static StoreOpenings of(DataDirectory dir, Clock clock) {
        return new StoreOpenings(new StoreLocation.InDataDirectory(dir), clock, Map.of(), null, null);
    }

    /**
     * This device's own cache of the drafts the PostgreSQL server could not take ({@link DeviceDrafts}); empty for a
     * data directory, or when none was given.
     */
    public Optional<org.exoconsent.records.DeviceDraftCache> draftCache() {
        return Optional.ofNullable(draftCache);
    }

    /** Where the store is. */
    public StoreLocation location() {
        return location;
    }

    /** The data directory, for what only a data directory has (backup, its folder); empty on PostgreSQL. */
    public Optional<DataDirectory> dataDirectory() {
        return Optional.ofNullable(dir);
    }

    /** The store as a person is told about it: "the data directory DIR" or "the PostgreSQL store HOST:PORT/DB". */
    public String describe() {
        return location.describe();
    }

    /** The clock whose instant stamps the audit entries. */
    public Clock clock() {
        return clock;
    }

    /**
     * The drafts of the consultation wizard in this store: a data directory's {@code drafts/}, or on PostgreSQL its
     * {@code draft} table (issue 17 §2, §3: another device can take one over), each call opening the store and
     * closing it again.
     */
    public Drafts drafts() {
        return drafts;
    }

    /**
     * As {@link #drafts()}, written as {@code who}: on PostgreSQL each call holds their server session, without which
     * the server takes no draft (schema 20); the same drafts on a data directory. Reading needs no one
     * ({@link #drafts()}: the home screen's list).
     *
     * @param who the person signed in on this device
     */
    public Drafts drafts(Principal who) {
        return dir != null ? drafts : new OpenedDrafts(this, who);
    }

    /**
     * One opening of the PostgreSQL store, nobody signed in yet.
     *
     * @throws StoreException when the server cannot be reached within the connect timeout
     *                        ({@link PostgresLocation#CONNECT_TIMEOUT_SECONDS} s) or refuses: said with the server
     *                        named and what to check ({@link PostgresOpening#source})
     */
    private RecordStore.Source source() throws StoreException {
        return PostgresOpening.source(postgres, env, deviceKeys, APPLICATION_NAME);
    }

    /** Whether the store has accounts yet (else only its first administrator can be made). */
    public boolean hasAccounts() throws StoreException {
        return dir != null ? RecordStore.hasAccounts(dir, clock) : RecordStore.hasAccounts(source(), clock);
    }

    /** Signs {@code name} in ({@link RecordStore#signIn}); the caller closes the store and wipes the password. */
    public RecordStore signIn(String name, char[] password, String purpose) throws StoreException {
        return dir != null ? RecordStore.signIn(dir, clock, name, password, purpose)
                : RecordStore.signIn(source(), clock, name, password);
    }

    /** Creates the store's first administrator ({@link RecordStore#createFirstAdministrator}); refused once any. */
    public RecordStore createFirstAdministrator(String name, char[] password, String purpose, String language)
            throws StoreException {
        return dir != null ? RecordStore.createFirstAdministrator(dir, clock, name, password, purpose, language)
                : RecordStore.createFirstAdministrator(source(), clock, name, password, language);
    }

    /**
     * Ends {@code who}'s session on the shared store's server ({@link RecordStore#signOut}) when they sign out; nothing
     * on a data directory. A store that cannot be reached is left alone (the session ends on its own 12 hours after its
     * sign-in). Call it off the FX thread.
     */
    public void signOut(Principal who) {
        if (dir != null || who == null) {
            return;
        }
        try {
            RecordStore.signOut(source(), who);
        } catch (StoreException | RuntimeException e) {
            // unreachable: the session ends on its own
        }
    }

    /**
     * The opening as the person signed in on the tablet ({@link RecordStore#open}, purpose {@code "app: …"}), opened
     * for each call and closed after it, so that the command line and the other devices can work beside the app.
     */
    public StoreOpening asSignedIn(Principal who) {
        if (dir != null) {
            return StoreOpening.asSignedIn(dir, clock, who);
        }
        return purpose -> RecordStore.open(source(), clock, who, "app: " + purpose);
    }

    /** The drafts of a PostgreSQL store opened for each call ({@link org.exoconsent.records.Stores#drafts} of a fresh opening), closed after it. */
    private static final class OpenedDrafts implements Drafts {
        private final StoreOpenings openings;
        /** Whose server session each call holds (schema 20: a draft is written only in a signed-in session). */
        private final Principal who;

        OpenedDrafts(StoreOpenings openings, Principal who) {
            this.openings = openings;
            this.who = who;
        }

        @FunctionalInterface
        private interface Call<T> {
            T on(Drafts d) throws StoreException;
        }

        private <T> T with(Call<T> call) throws StoreException {
            try (org.exoconsent.records.Stores s = openings.source().holding(who).stores()) {
                return call.on(s.drafts());
            }
        }

        @Override
        public void save(ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen, Instant now)
                throws StoreException {
            with(d -> {
                d.save(session, patientMode, device, seen, now);
                return null;
            });
        }

        @Override
        public DraftStore.Hold hold(String id, Device device, Drafts.Seen seen, Instant now) throws StoreException {
            return with(d -> d.hold(id, device, seen, now));
        }

        @Override
        public void saveInWrite(ConsentSession session, boolean patientMode, Device device, Drafts.Seen seen,
                                Instant now) {
            throw new IllegalStateException("a save in a write belongs to the store's own opening");
        }

        @Override
        public String setAsideInWrite(ConsentSession session, boolean patientMode, String reason, Instant now) {
            throw new IllegalStateException("setting aside in a write belongs to the store's own opening");
        }

        @Override
        public DraftStore.Hold takeOver(String id, Device device, Instant now) throws StoreException {
            return with(d -> d.takeOver(id, device, now));
        }

        @Override
        public DraftStore.Hold takeOverInWrite(String id, Device device, Instant now) {
            throw new IllegalStateException("a take-over in a write belongs to the store's own opening");
        }

        @Override
        public void release(String id, Device device, Instant now) throws StoreException {
            with(d -> {
                d.release(id, device, now);
                return null;
            });
        }

        @Override
        public DraftStore.Draft load(String id) throws StoreException {
            return with(d -> d.load(id));
        }

        @Override
        public List<DraftStore.Draft> list() throws StoreException {
            return with(Drafts::list);
        }

        @Override
        public void remove(String id) throws StoreException {
            with(d -> {
                d.remove(id);
                return null;
            });
        }

        @Override
        public String abandon(String id, String reason, Instant now) throws StoreException {
            return with(d -> d.abandon(id, reason, now));
        }

        @Override
        public String asideName(String id, Instant now) throws StoreException {
            return with(d -> d.asideName(id, now));
        }

        @Override
        public void abandonInWrite(String id, String name, String reason, Instant now) {
            throw new IllegalStateException("abandoning in a write belongs to the store's own opening");
        }
    }
}
