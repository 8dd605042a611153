package org.exoconsent.ui.controls;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.StoreLocation;

/**
 * A failure of the store as every screen says it (issue 17 §3): a PostgreSQL server that cannot be reached is said at
 * once, in the staff language, naming the server and what to check; any other failure as the store words it.
 */
public final class StoreFailureText {
    private StoreFailureText() {
    }

    /**
     * Whether {@code e} is a server that could not be reached (down, not listening, a firewall, an unknown host,
     * the connect timeout passed), as opposed to a refusal by a server that answered.
     */
    public static boolean unreachable(Throwable e) {
        return org.exoconsent.records.PostgresConnections.unreachable(e);
    }

    /**
     * What a failure of the store says on the screens: for a PostgreSQL server that cannot be reached, the
     * message {@code app.store.unreachable} in the staff language (the server named, what to check, the details);
     * for damage {@link #damaged}; for a signing key that may not sign ({@link
     * org.exoconsent.records.KeyRefusedException}) {@code app.key.refused}, the store's detail after it; else the
     * failure's own message.
     *
     * @param location the store this device is set to
     */
    public static String of(ResourceBundle ui, StoreLocation location, Throwable e) {
        if (location instanceof PostgresLocation p && unreachable(e)) {
            return MessageFormat.format(ui.getString("app.store.unreachable"), p.address(), p.database(),
                    String.valueOf(PostgresLocation.CONNECT_TIMEOUT_SECONDS), technicalCause(e));
        }
        String damage = damage(e);
        if (damage != null) {
            return damaged(ui, damage);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.exoconsent.records.KeyRefusedException) {
                // a key that may not sign (not registered on the shared store, retired, expired): said in the staff
                // language first, the store's English detail (with the command that registers it) for the
                // administrator (review of issue 17: English only on a Japanese screen)
                return MessageFormat.format(ui.getString("app.key.refused"), t.getMessage());
            }
        }
        return e.getMessage();
    }

    /**
     * A stored value that cannot be read, as the screens say it: the first sentence in the staff language ({@code
     * app.store.damaged}: the store holds a value that cannot be read, contact the administrator), then the store's
     * English detail for the administrator, unchanged (it names the table, the row, the column and the repair).
     *
     * @param detail the damage as the store names it ({@link #damage})
     */
    public static String damaged(ResourceBundle ui, String detail) {
        return MessageFormat.format(ui.getString("app.store.damaged"), detail);
    }

    /**
     * The store's words for a stored value that cannot be read, if {@code e} or one of its causes is such damage
     * ({@link org.exoconsent.records.DamagedStoreException}, or a setting's {@link
     * org.exoconsent.records.Settings.DamagedSettingException}); else null.
     */
    public static String damage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.exoconsent.records.DamagedStoreException
                    || t instanceof org.exoconsent.records.Settings.DamagedSettingException) {
                return t.getMessage();
            }
        }
        return null;
    }

    /**
     * The innermost cause's own words ("Connection refused", "connect timed out"), for the details of a message
     * that says the rest in the staff language: not the command line's English sentence around it (review of issue
     * 17: English on a Japanese screen).
     */
    static String technicalCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                : root.getMessage();
    }
}
