package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the shared store a consent's commit is one write transaction when there is nothing to do after it (issue 17 §5):
 * the head row commits with its entry, the documents' intents are the transaction itself, and no anchor is set. With
 * an anchor the second transaction stays, and the anchor names the newest entry after each consent. The transactions
 * are counted on the store's own {@link Transactions} (each {@code beginWrite} and {@code commit}), on the real server.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class PostgresOneCommitTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();

    @Test
    void aConsentCommitsOnceWithoutAnAnchorAndTwiceWithOneWhichThenNamesTheNewestEntry() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        Clock clock = Clock.systemUTC(); // the server's clock is the authority (issue 17 §2)
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(postgres.open(), place,
                keys), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
        }
        OwnerKeys.registerTestKey(db, keys, clock); // only the owner's login registers a key (attack review F2)
        Path anchor = Files.createDirectories(tmp.resolve("share")).resolve("exoconsent-anchor.txt");
        try (RecordStore store = RecordStore.signIn(new RecordStore.Source(counted(postgres.open()), place, keys),
                clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            ConsentSession ja = Examples.session("complete-ja");
            TestAccounts.confirm(store, ja.withId("one-1"));
            RecordStore.Prepared first = store.prepare(ja.withId("one-1"), Examples.template(), Examples.key(), "a");
            writes.set(0);
            commits.set(0);
            store.commit(first);
            assertEquals("1 write, 1 commit", writes.get() + " write, " + commits.get() + " commit",
                    "without an anchor a consent is one write transaction");
            assertThrows(AlreadyRecordedException.class, () -> store.refuseIfRecorded(ja.withId("one-1"), "a"),
                    "and it is recorded");

            store.setAnchor(anchor);
            TestAccounts.confirm(store, ja.withId("one-2"));
            RecordStore.Prepared second = store.prepare(ja.withId("one-2"), Examples.template(), Examples.key(), "b");
            writes.set(0);
            commits.set(0);
            store.commit(second);
            assertEquals("2 write, 2 commit", writes.get() + " write, " + commits.get() + " commit",
                    "with an anchor the head is anchored in a second transaction after the commit");
        }
        try (Stores stores = postgres.open()) {
            stores.transactions().beginRead();
            AuditLog.Entry newest;
            try {
                newest = stores.auditTrail().newest();
            } finally {
                stores.transactions().commit();
            }
            Anchor.Line last = Anchor.last(anchor);
            assertEquals("created one-2", newest.action() + " " + newest.subject());
            assertEquals(newest.seq() + " " + newest.hash(), last.seq() + " " + last.hash(),
                    "the anchor names the newest entry: the second consent's");
        }
    }

    /** The store, its transactions' {@code beginWrite} and {@code commit} counted. */
    private Stores counted(Stores real) {
        Transactions tx = real.transactions();
        Transactions countedTx = (Transactions) Proxy.newProxyInstance(Transactions.class.getClassLoader(),
                new Class<?>[] {Transactions.class}, (proxy, m, args) -> {
                    if (m.getName().equals("beginWrite")) {
                        writes.incrementAndGet();
                    } else if (m.getName().equals("commit")) {
                        commits.incrementAndGet();
                    }
                    return invoke(m, tx, args);
                });
        return (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
                (proxy, m, args) -> m.getName().equals("transactions") ? countedTx : invoke(m, real, args));
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
