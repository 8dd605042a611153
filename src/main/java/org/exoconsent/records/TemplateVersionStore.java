package org.exoconsent.records;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.exoconsent.template.ConsentTemplate;

/**
 * The template versions area of the store (issue 15 §1): the index of the clinic's consent template versions (which
 * versions it has, with their SHA-256, source and who added them when), which one new consultations use per template,
 * and the marks of versions found to contain errors ({@code corrects} of a later version, docs/TEMPLATES.md). The
 * versions' files are kept in the data directory by {@link TemplateLibrary}, not here. Rows are added, never changed,
 * except the active version of a template. Times are instants (UTC). Runs in the caller's transaction
 * ({@link Transactions}): never begins or commits one itself.
 */
public interface TemplateVersionStore {
    /** Every version, by template id and then the highest version number first ({@link TemplateLibrary#newerFirst}). */
    List<TemplateLibrary.Version> list() throws SQLException;

    /**
     * Every version as {@link #list} orders them, for people to read ({@code templates list}, the administration
     * screen): a row whose time or date cannot be read is listed all the same, that field null and the damage named in
     * {@link TemplateLibrary.Version#damage}, as is an active version whose activation time
     * ({@code template_active.activated_at}) cannot be read (brief C of issue 17: one damaged version hid them all).
     * Nothing else may use these versions' null fields: every other reading goes through {@link #list}, {@link #find}
     * or {@link #active}, which refuse the row.
     */
    List<TemplateLibrary.Version> listing() throws SQLException;

    /**
     * The template id and version of every row, as stored, none of its times or dates read: for the work that only
     * copies or names the versions (backup, {@code store migrate}, a restore's checks, the bundled versions' first
     * registration), which a row whose time cannot be read ({@link DamagedRow}) must never stop (attack review of
     * 2026-12-01). Each element is {@code {id, version, sha256, "active" or null, activated_by, activated_at}} (the
     * last two as stored, text, null unless active), in no particular order.
     */
    List<String[]> held() throws SQLException;

    /** One version (id and version compared exactly), or null when the clinic does not have it. */
    TemplateLibrary.Version find(String id, String version) throws SQLException;

    /** The version of template {@code id} that is active, or null when none is active yet. */
    TemplateLibrary.Version active(String id) throws SQLException;

    /**
     * The version a new consultation of template {@code id} uses: the active one, unless it was found to contain
     * errors, in which case the newest version that corrects it (and so on, should that one have been corrected
     * too; a loop of marks ends where it would repeat). Null when the template has no active version.
     */
    default TemplateLibrary.Version forNewConsultation(String id) throws SQLException {
        TemplateLibrary.Version v = active(id);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (v != null && v.containsErrors() && seen.add(v.version())) {
            TemplateLibrary.Version next = null;
            for (String candidate : v.correctedBy()) {
                next = find(id, candidate);
                if (next != null) {
                    break;
                }
            }
            if (next == null) {
                break;
            }
            v = next;
        }
        return v;
    }

    /**
     * Records, for a version that says {@code corrects: [...]}, each version it corrects that the library has, as
     * corrected by {@code t}'s version at {@code now}: a mark already recorded is kept as it was (marks are never
     * changed), and a version the clinic never had is not recorded, so it cannot arrive already marked.
     */
    void recordCorrections(ConsentTemplate t, Instant now) throws SQLException;

    /**
     * Checks the marks of versions found to contain errors against the audit trail, which records every one when it
     * is made ({@link TemplateLibrary#correctionProblems}): a mark removed, or one no entry records, is reported
     * (someone with a database tool could drop the triggers). Empty when they agree. For {@code records verify}.
     */
    List<String> checkCorrections() throws SQLException;

    /**
     * Every template whose active version's activation time ({@code template_active.activated_at}) cannot be read as
     * an instant of the years 1800 to 9999, as {@link DamagedRow}'s message (table template_active, the template id,
     * column activated_at, the value, the repair: the version's {@code template-activated} or {@code template-added}
     * entry). No command reads that time, so only {@code records verify} names it (attack review of 2026-12-01).
     * Empty when every one can be read.
     */
    List<String> activationTimeProblems() throws SQLException;

    /**
     * Adds a version checked already (its files copied into the library by {@link TemplateLibrary#copyIn}), not
     * active.
     *
     * @param source {@code bundled} (came with the program) or {@code imported} (by an administrator)
     * @param by     the account, or what the audit trail names for the program, that added it
     * @throws SQLException also when the library already has that version of the template
     */
    void insert(ConsentTemplate t, String source, Instant now, String by) throws SQLException;

    /**
     * Makes version {@code version} of template {@code id} (one the library has) the one new consultations use,
     * replacing the one before, as done by {@code by} at {@code now}.
     */
    void activate(String id, String version, Instant now, String by) throws SQLException;
}
