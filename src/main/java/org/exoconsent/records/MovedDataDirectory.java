package org.exoconsent.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.exoconsent.files.OwnerOnly;

/**
 * The marks of a data directory whose clinic was moved to a PostgreSQL store (issue 17 §4), both written by {@link
 * StoreMigration} in its last step, each naming the store's URL without a password, when, and the audit head at the
 * move: the file {@value DataDirectory#MOVED_TO} in it (owner-only, for a person looking at the folder), and the
 * setting {@value #SETTING} in its database, committed in the migration's own write transaction of the data
 * directory. Every opening of the data directory for work through {@link RecordStore}'s data-directory openers (the
 * app's and the command line's) is then refused on either mark, saying where the clinic's records are now, so a moved
 * data directory never silently continues as a second clinic — not even when the file was deleted (the review of
 * issue 17: a deleted {@code moved-to.txt} reopened it). Reading it through those openers is refused too: each
 * opening may write (a sign-in is audited, an upgrade registers keys), which would fork the clinic's audit trail; the
 * signed PDFs stay in its archive folder, readable by any PDF reader and checkable with {@code exoconsent verify
 * FILE}, and the records verify on the new store.
 */
public final class MovedDataDirectory {
    /** The setting in the data directory's database that marks it as moved (its value: the lines of the file). */
    static final String SETTING = "moved-to";
    private static final String STORE = "store: ";
    private static final String MOVED_AT = "moved-at: ";

    private MovedDataDirectory() {
    }

    /**
     * The refusal of a moved data directory: its message names the store and when (English, for the command line);
     * {@link #store()} and {@link #movedAt()} let a screen say it in the staff language.
     */
    public static final class Moved extends RefusedException {
        private static final long serialVersionUID = 1L;
        private final transient Path dataDirectory;
        private final String store;
        private final Instant movedAt;

        Moved(Path dataDirectory, String store, Instant movedAt, String where) {
            super(dataDirectory + ": this data directory was moved to " + store
                    + (movedAt == null ? "" : " on " + when(movedAt)) + " (exoconsent store migrate); the clinic's records "
                    + "are kept there now: open it with --store " + ShellWords.quote(store) + " or "
                    + StoreLocation.STORE_ENV + ". Nothing is read or written here any more (" + where + ").");
            this.dataDirectory = dataDirectory;
            this.store = store;
            this.movedAt = movedAt;
        }

        /** The moved data directory's folder. */
        public Path dataDirectory() {
            return dataDirectory;
        }

        /** The store's URL as the migration wrote it ({@code postgresql://HOST:PORT/DB?user=…}, no password). */
        public String store() {
            return store;
        }

        /** When the clinic was moved (UTC), or null when the mark does not say. */
        public Instant movedAt() {
            return movedAt;
        }

        /**
         * An instant as the moved data directory's messages say it, to the minute in UTC ("2026-11-30 20:00 UTC"):
         * the data directory's own time-zone setting is not read once it is moved, and a bare ISO instant is not what
         * staff read.
         *
         * @param at an instant; never null
         */
        public static String when(Instant at) {
            try {
                return WHEN.format(at);
            } catch (java.time.DateTimeException e) {
                return at.toString(); // a year beyond 9999 (a hand-edited mark): said as stored, never thrown
            }
        }

        private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
    }

    /**
     * Refuses a data directory whose file mark {@value DataDirectory#MOVED_TO} is there; reads nothing else (the
     * database is looked at by {@link #refuseMoved(DataDirectory, SqlStores)} once it is opened).
     *
     * @throws Moved naming the store its records were moved to and when (exit 3 on the command line)
     */
    public static void refuseMoved(DataDirectory dir) throws RefusedException {
        Path mark = dir.root().resolve(DataDirectory.MOVED_TO);
        if (!Files.exists(mark, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String text = "";
        try {
            text = Files.readString(mark, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the mark is there: refused all the same, naming the file
        }
        throw refusal(dir, text, "a PostgreSQL store (see " + mark + ")", mark.toString());
    }

    /**
     * Refuses a data directory whose database, opened as {@code db}, holds the setting {@value #SETTING}: the file mark
     * may have been deleted, the database's mark stays.
     *
     * @throws Moved naming the store its records were moved to and when
     */
    static void refuseMoved(DataDirectory dir, SqlStores db) throws SQLException, RefusedException {
        String text = db.namedSettings().text(SETTING);
        if (text != null) {
            throw refusal(dir, text, "a PostgreSQL store", "the setting " + SETTING + " in " + dir.database()
                    + (Files.exists(dir.root().resolve(DataDirectory.MOVED_TO), LinkOption.NOFOLLOW_LINKS) ? ""
                    : "; its file " + DataDirectory.MOVED_TO + " was removed"));
        }
    }

    private static Moved refusal(DataDirectory dir, String text, String unnamed, String where) {
        String store = unnamed;
        Instant when = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(STORE)) {
                store = line.substring(STORE.length()).strip();
            } else if (line.startsWith(MOVED_AT)) {
                try {
                    when = Instant.parse(line.substring(MOVED_AT.length()).strip());
                } catch (DateTimeParseException e) {
                    // refused all the same, without the time
                }
            }
        }
        return new Moved(dir.root(), store, when, where);
    }

    /** The text of both marks. */
    static String text(String url, Instant at, long headSeq, String headHash) {
        return String.join("\n", List.of(
                "This ExoConsent data directory was moved to a PostgreSQL store; its records are kept there now.",
                "Do not record here: open the store below (--store or " + StoreLocation.STORE_ENV + ").",
                STORE + url,
                MOVED_AT + at,
                "audit-head-at-move: " + headSeq + " " + headHash,
                ""));
    }

    /** Writes the database's mark inside the caller's write transaction on {@code db} (the caller commits). */
    static void writeSetting(SqlStores db, String text) throws SQLException {
        db.namedSettings().writeText(SETTING, text);
    }

    /** Writes the file mark, owner-only. */
    static void writeFile(DataDirectory dir, String text) throws IOException {
        OwnerOnly.write(dir.root().resolve(DataDirectory.MOVED_TO), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes both marks of a move (a test's data directory: the database must exist), as the migration does. */
    static void write(DataDirectory dir, String url, Instant at, long headSeq, String headHash) throws IOException,
            StoreException {
        String text = text(url, at, headSeq, headHash);
        try (SqliteStores s = SqliteStores.open(dir)) {
            s.beginWrite();
            writeSetting(s, text);
            s.commit();
        } catch (SQLException e) {
            throw new StoreException(dir.database() + ": " + e.getMessage(), e);
        }
        writeFile(dir, text);
    }
}
