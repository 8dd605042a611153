package org.exoconsent.about;

/**
 * The program's version, from the jar's manifest ("development build" when run from classes). Its own package below
 * the command line and the screens, which both show it, so that the root package ({@code Launcher}, above both)
 * is depended on by nothing (docs/ARCHITECTURE.md, "Packages").
 */
public final class Version {
    private Version() {
    }

    /** The jar's {@code Implementation-Version}, or "development build" when run from classes. */
    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
