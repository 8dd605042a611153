package org.exoconsent.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** For tests outside this package: the audit entries a store holds (read-only). */
public final class TestAudit {
    private TestAudit() {
    }

    /** The entries whose action starts with {@code prefix}, oldest first, as "action subject details". */
    public static List<String> entries(RecordStore store, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = store.sqliteStores().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT action, subject, details FROM audit ORDER BY seq")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return out;
    }
}
