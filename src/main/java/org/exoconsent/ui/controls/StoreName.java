package org.exoconsent.ui.controls;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.exoconsent.about.Version;
import org.exoconsent.records.PostgresLocation;
import org.exoconsent.records.StoreLocation;

/**
 * The store and the program's version as the screens name them, in the staff language (review of issue 17: the
 * footer of a Japanese screen said "development build · the PostgreSQL store …" in English).
 */
public final class StoreName {
    private StoreName() {
    }

    /**
     * The store as a screen names it: a PostgreSQL store by {@code app.store.postgres} (its server, database and
     * user, never a password), a data directory by its folder.
     *
     * @param ui       the staff language's bundle
     * @param location the store this device is set to
     */
    public static String of(ResourceBundle ui, StoreLocation location) {
        if (location instanceof PostgresLocation p) {
            return MessageFormat.format(ui.getString("app.store.postgres"), p.address(), p.database(), p.user());
        }
        if (location instanceof StoreLocation.InDataDirectory d) {
            return d.directory().root().toString();
        }
        return location.describe();
    }

    /** The jar's version, or {@code app.developmentBuild} when run from classes ({@link Version#get}). */
    public static String version(ResourceBundle ui) {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? ui.getString("app.developmentBuild") : v;
    }

    /** The footer of every screen: the version and the store ({@code app.footer}). */
    public static String footer(ResourceBundle ui, StoreLocation location) {
        return MessageFormat.format(ui.getString("app.footer"), version(ui), of(ui, location));
    }
}
