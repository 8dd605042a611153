package org.exoconsent.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.exoconsent.files.OwnerOnly;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opens the SQLite index, brings its schema up to date with Flyway, and seeds a new one with the demo clinic. */
final class Schema {
    /**
     * The newest migration: in src/main/resources/db/migration/sqlite, or a Java one registered below (V12). Each
     * database vendor has its own folder of migrations ({@value #MIGRATIONS} for SQLite; issue 17's PostgreSQL
     * beside it), numbered alike so that one version means one schema whatever the vendor.
     */
    static final int LATEST = 12;

    /** Where Flyway finds SQLite's migrations (the vendor's folder: issue 15 §1). */
    static final String MIGRATIONS = "classpath:db/migration/sqlite";

    private Schema() {
    }

    /** SQLite's {@code SQLITE_OPEN_NOFOLLOW} (sqlite-jdbc's {@code SQLiteOpenMode} does not name it). */
    private static final int OPEN_NOFOLLOW = 0x01000000;

    /**
     * How the database is opened: read-write, created when missing, and never through a symbolic link (issue 14
     * §2): SQLite then refuses a path any part of which is a link, so the folder's real path is given.
     */
    private static java.util.Properties noFollow() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("open_mode", String.valueOf(org.sqlite.SQLiteOpenMode.READWRITE.flag
                | org.sqlite.SQLiteOpenMode.CREATE.flag | OPEN_NOFOLLOW));
        // every connection waits for another program's lock up to the busy timeout, from its first statement on
        // (issue 15 §2: an opening beside a writer, a migration or a SQLite tool waits, then says so, never raw text)
        p.setProperty(org.sqlite.SQLiteConfig.Pragma.BUSY_TIMEOUT.pragmaName, String.valueOf(busyTimeoutMillis()));
        return p;
    }

    /** The database's path with the links above it resolved (the file itself is never a link: see above). */
    private static Path real(Path file) throws StoreException {
        Path folder = file.toAbsolutePath().getParent();
        try {
            return folder.toRealPath().resolve(file.getFileName());
        } catch (java.io.IOException e) {
            throw new StoreException(folder + ": cannot be read: " + e.getMessage(), e);
        }
    }

    static Connection open(Path file) throws StoreException {
        if (!java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // SQLite would create it readable by every account (0644), and its -wal, -shm and -journal files take
            // the database file's mode: an empty file of our own is a new database to SQLite
            try {
                OwnerOnly.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: SQLite opens it as it is
            } catch (java.io.IOException e) {
                if (SqliteFailures.diskFull(e, file.getParent())) {
                    throw new DiskFull(file.getParent(), e);
                }
                throw new StoreException(file + ": the records database cannot be created: " + e.getMessage(), e);
            }
        }
        String url = "jdbc:sqlite:" + real(file);
        migrateIfNeeded(file, url);
        try {
            Connection c = DriverManager.getConnection(url, noFollow());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = FULL");
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA busy_timeout = " + busyTimeoutMillis());
            }
            return c;
        } catch (SQLException e) {
            if (SqliteFailures.diskFull(e, file.getParent())) {
                throw new DiskFull(file.getParent(), e);
            }
            if (SqliteFailures.busy(e)) {
                throw BusyException.opening(file.getParent(), e);
            }
            throw new StoreException(file + ": the records database cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * A second connection to the data directory's database that holds SQLite's write lock ({@code BEGIN IMMEDIATE})
     * until it is closed (its transaction, which changes nothing, is then rolled back): for work that must see the
     * database and the files beside it of one moment without running in a transaction of its own (a backup's
     * {@code VACUUM INTO}). Waits for another writer up to the busy timeout.
     *
     * @throws BusyException when another program kept writing longer than the busy timeout
     */
    static Connection holdWriteLock(DataDirectory dir) throws StoreException {
        Path file = dir.database();
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + real(file), noFollow());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + busyTimeoutMillis());
                st.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            if (SqliteFailures.busy(e)) {
                throw new BusyException(dir.root(), e);
            }
            throw new StoreException(file + ": the records database cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The system property that sets {@link #busyTimeoutMillis()} (for tests and a very slow disk). */
    static final String BUSY_TIMEOUT_PROPERTY = "exoconsent.busyTimeoutMillis";

    /**
     * How long, in milliseconds, a write waits for another program's write to finish before it is refused as busy
     * ({@link BusyException}): 10,000, or the system property {@value #BUSY_TIMEOUT_PROPERTY} when it is a
     * non-negative whole number. SQLite's own busy timeout: readers never wait for a writer (WAL mode).
     */
    static int busyTimeoutMillis() {
        String v = System.getProperty(BUSY_TIMEOUT_PROPERTY);
        if (v != null && v.strip().matches("\\d{1,9}")) {
            return Integer.parseInt(v.strip());
        }
        return 10_000;
    }

    /**
     * Runs Flyway only when the schema is behind (Flyway costs most of a second to start). The migration is
     * exclusive: its connection is in SQLite's EXCLUSIVE locking mode, so from its first read until it is closed no
     * other connection, of this program or another, reads or writes the database (they wait, as for a writer, up to
     * {@link #busyTimeoutMillis()}); a second program that found the schema behind too waits, then finds nothing left
     * to migrate. Flyway itself takes no lock on SQLite.
     */
    private static void migrateIfNeeded(Path file, String url) throws StoreException {
        if (current(url) >= LATEST) {
            return;
        }
        synchronized (MIGRATING) {
            // two programs' migrations in EXCLUSIVE locking mode can each hold the shared lock the other needs to
            // give up: SQLite then answers one of them "busy" at once, without waiting. That one lets go (its
            // connection closed), waits a moment and looks again (the other may have done the work), until the busy
            // timeout has passed; then it says so (BusyException), never SQLite's text
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(busyTimeoutMillis());
            java.util.Random jitter = new java.util.Random();
            while (true) {
                if (current(url) >= LATEST) {
                    return; // another opening, of this program or another, migrated it meanwhile
                }
                try {
                    migrate(file, url);
                    return;
                } catch (BusyException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(20 + jitter.nextInt(200));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Openings in one program migrate one at a time: two connections in EXCLUSIVE locking mode that both took their
     * shared lock first would each wait for the other (observed as a hang of two threads opening one old data
     * directory).
     */
    private static final Object MIGRATING = new Object();

    private static void migrate(Path file, String url) throws StoreException {
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig(noFollow());
            config.setLockingMode(org.sqlite.SQLiteConfig.LockingMode.EXCLUSIVE);
            // no waiting inside: two programs' EXCLUSIVE-mode connections that each took a shared lock would wait
            // for each other until the timeout (observed as openings hanging together); refused at once instead,
            // the loser lets go and migrateIfNeeded tries again after a random moment, up to the busy timeout
            config.setBusyTimeout(0);
            org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(config);
            source.setUrl(url);
            Flyway.configure().dataSource(source).locations(MIGRATIONS)
                    .javaMigrations(new V12__Lot_and_patient_keys()).loggers("slf4j").load().migrate();
        } catch (FlywayException e) {
            if (SqliteFailures.diskFull(e, file.getParent())) {
                throw new DiskFull(file.getParent(), e);
            }
            if (SqliteFailures.busy(e)) {
                throw BusyException.opening(file.getParent(), e);
            }
            throw new StoreException(file + ": the records database could not be brought up to date: "
                    + e.getMessage(), e);
        }
    }

    /** The schema version of an existing database file (0 when Flyway never ran on it). */
    static int version(Path file) throws StoreException {
        return current("jdbc:sqlite:" + real(file));
    }

    private static int current(String url) throws StoreException {
        try (Connection c = DriverManager.getConnection(url, noFollow()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name = "
                    + "'flyway_schema_history'")) {
                if (!rs.next()) {
                    return 0;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history "
                    + "WHERE success = 1")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()));
            // a whole database on a full disk: never said to be unreadable
            if (SqliteFailures.diskFull(e, file.getParent())) {
                throw new DiskFull(file.getParent(), e);
            }
            if (SqliteFailures.busy(e)) { // locked by a migration or a tool longer than the busy timeout: not damage
                throw BusyException.opening(file.getParent(), e);
            }
            throw new StoreException(file + ": is not a readable ExoConsent database: " + e.getMessage(), e);
        }
    }

    /** The practice catalog's names, shared by {@link #seedDemo} and {@link #removeDemo}. */
    private static final String DEMO_PHYSICIAN = "山田 太郎";
    private static final String DEMO_LICENCE = "123456";
    private static final String DEMO_UC = "デモ培養上清エクソソーム UC-10";
    private static final String DEMO_AD = "Demo Adipose EV Concentrate";
    private static final String DEMO_UC_LOT = "UC10-2611-04";
    private static final String DEMO_AD_LOT = "AD-2609-17";

    /**
     * A new data directory gets a clearly marked practice clinic, so the app and the examples run at once: its
     * profile, physician and products in Japanese (the catalog's own texts) and in English. Returns whether this
     * call seeded it (false when another program had already, or the database holds a clinic or an audit entry:
     * it is not new, whoever made the file).
     */
    static boolean seedDemo(Connection c, Path root) throws StoreException {
        // a look without the lock first: a data directory in use (a clinic row) is never made to wait
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM clinic) "
                + "+ (SELECT count(*) FROM audit)")) {
            if (rs.next() && rs.getLong(1) > 0) {
                return false;
            }
        } catch (SQLException e) {
            if (SqliteFailures.busy(e)) {
                throw BusyException.opening(root, e);
            }
            throw new StoreException("cannot seed the demo clinic: " + e.getMessage(), e);
        }
        try {
            // in SQLite's write lock (BEGIN IMMEDIATE): two programs making the same new data directory at once
            // seed it once; the second finds the clinic and adds nothing
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            }
            // new is decided here, in the lock, from the content (no clinic, no audit entry yet), not from whether
            // the file existed when this program looked: whichever program comes first seeds it, once
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM "
                    + "clinic) + (SELECT count(*) FROM audit)")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    st.execute("ROLLBACK");
                    return false;
                }
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO clinic (id, name, address, phone, blood_donation_policy, demo) VALUES "
                        + "(1, 'デモクリニック（練習用・架空）', '東京都千代田区デモ町1-2-3', '03-0000-0000', "
                        + "'当院では、この治療を受けた方には、献血の前に必ず献血会場でこの治療を受けたことを申し出るよう"
                        + "お願いしています。当院から献血の可否をお答えすることはできません。', 1)");
                st.executeUpdate("INSERT INTO physician (name, licence_number) VALUES ('" + DEMO_PHYSICIAN + "', '"
                        + DEMO_LICENCE + "')");
            }
            long uc = product(c, DEMO_UC, "デモ製薬株式会社（架空）",
                    "ヒト臍帯（へその緒）由来の間葉系幹細胞",
                    "[\"HIV-1/2\",\"HBV\",\"HCV\",\"HTLV-1\",\"パルボウイルスB19\",\"マイコプラズマ\",\"エンドトキシン\","
                            + "\"無菌試験\"]", "not-sterilised", "-20℃以下で冷凍保管", "allogeneic", "research-reagent");
            long ad = product(c, DEMO_AD, "デモ・バイオロジクス株式会社（架空）",
                    "ヒト脂肪由来の幹細胞", "[\"HIV-1/2\",\"HBV\",\"HCV\",\"HTLV-1\",\"パルボウイルスB19\"]",
                    "unknown", null, "allogeneic", "cosmetic-ingredient");
            lot(c, uc, DEMO_UC_LOT, "2027-05-31");
            lot(c, ad, DEMO_AD_LOT, "2027-02-28");
            // the same texts in English (issue 12 §2), so that the practice clinic can hold a consultation in English
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO clinic_text (language, name, address, blood_donation_policy) VALUES "
                        + "('en', 'Demo Clinic (practice data, fictitious)', '1-2-3 Demo-cho, Chiyoda-ku, Tokyo', "
                        + "'We ask every patient who received this treatment to tell the blood donation centre about "
                        + "it before donating. The clinic cannot say whether you may donate.')");
                st.executeUpdate("INSERT INTO physician_text (physician_id, language, name) SELECT id, 'en', "
                        + "'Taro Yamada' FROM physician WHERE licence_number = '" + DEMO_LICENCE + "'");
            }
            productText(c, uc, "Demo Culture-Supernatant Exosomes UC-10", "Demo Pharma Co., Ltd. (fictitious)",
                    "mesenchymal stem cells from human umbilical cord", "[\"HIV-1/2\",\"HBV\",\"HCV\",\"HTLV-1\","
                            + "\"Parvovirus B19\",\"Mycoplasma\",\"Endotoxin\",\"Sterility test\"]",
                    "Stored frozen at -20 °C or below");
            productText(c, ad, DEMO_AD, "Demo Biologics Ltd. (fictitious)", "human adipose-derived stem cells",
                    "[\"HIV-1/2\",\"HBV\",\"HCV\",\"HTLV-1\",\"Parvovirus B19\"]", null);
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
            return true;
        } catch (SQLException e) {
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // no transaction was open (BEGIN itself failed)
            }
            if (SqliteFailures.busy(e)) {
                throw BusyException.opening(root, e);
            }
            throw new StoreException("cannot seed the demo clinic: " + e.getMessage(), e);
        }
    }

    /** The rows {@link #seedDemo} added to the catalog (lots first: they refer to the products). */
    static void removeDemo(Connection c) throws SQLException {
        try (PreparedStatement lots = c.prepareStatement("DELETE FROM lot WHERE number IN (?, ?) AND product_id IN "
                + "(SELECT id FROM product WHERE name IN (?, ?))");
             PreparedStatement products = c.prepareStatement("DELETE FROM product WHERE name IN (?, ?) AND id NOT IN "
                + "(SELECT product_id FROM lot)");
             PreparedStatement physician = c.prepareStatement("DELETE FROM physician WHERE name = ? AND "
                + "licence_number = ?")) {
            bind(lots, DEMO_UC_LOT, DEMO_AD_LOT, DEMO_UC, DEMO_AD).executeUpdate();
            bind(products, DEMO_UC, DEMO_AD).executeUpdate();
            bind(physician, DEMO_PHYSICIAN, DEMO_LICENCE).executeUpdate();
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setString(i + 1, values[i]);
        }
        return ps;
    }

    private static long product(Connection c, String name, String maker, String cells, String tests, String ster,
                                String storage, String origin, String supply) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO product (name, manufacturer, source_cells, "
                + "virus_tests, sterilisation, storage, origin, supply) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, maker);
            ps.setString(3, cells);
            ps.setString(4, tests);
            ps.setString(5, ster);
            ps.setString(6, storage);
            ps.setString(7, origin);
            ps.setString(8, supply);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void productText(Connection c, long product, String name, String maker, String cells,
                                    String tests, String storage) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO product_text (product_id, language, name, "
                + "manufacturer, source_cells, virus_tests, storage) VALUES (?, 'en', ?, ?, ?, ?, ?)")) {
            ps.setLong(1, product);
            ps.setString(2, name);
            ps.setString(3, maker);
            ps.setString(4, cells);
            ps.setString(5, tests);
            ps.setString(6, storage);
            ps.executeUpdate();
        }
    }

    private static void lot(Connection c, long product, String number, String expiry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lot (product_id, number, expiry, number_key) "
                + "VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, product);
            ps.setString(2, number);
            ps.setString(3, expiry);
            ps.setString(4, org.exoconsent.consent.Identifiers.key(number));
            ps.executeUpdate();
        }
    }
}
