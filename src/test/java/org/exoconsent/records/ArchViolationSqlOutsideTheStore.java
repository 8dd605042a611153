package org.exoconsent.records;

/**
 * Breaks a rule of ArchitectureTest on purpose (JDBC beside the store interfaces, not in their SQLite
 * implementation); never run, only read by ArchUnit.
 */
final class ArchViolationSqlOutsideTheStore {
    long count(java.sql.Connection db) throws java.sql.SQLException {
        try (java.sql.Statement st = db.createStatement()) {
            return st.executeQuery("SELECT count(*) FROM record").getLong(1);
        }
    }
}
