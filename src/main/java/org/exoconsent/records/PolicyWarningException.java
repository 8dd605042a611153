package org.exoconsent.records;

import java.util.List;

/**
 * The clinic's blood-donation policy states a period, which no published rule supports (FACTS.md);
 * nothing was saved. The administrator may save it anyway, knowingly: the screens ask, the command line takes
 * {@code --despite-warning}, and the store audits the warning with the text.
 */
public class PolicyWarningException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final List<String> found;

    /** @param found the numbers and periods as written in the policy, in order (not empty) */
    public PolicyWarningException(List<String> found) {
        super("blood-donation policy: it states a period (" + String.join(", ", found) + "). No "
                + "published Japanese Red Cross rule for these treatments was found, so no waiting period can be "
                + "sourced: say that a blood centre may refuse a donation after this treatment, and ask the patient "
                + "to tell the centre about it before donating. Nothing was changed; to save this text anyway, "
                + "confirm it (command line: --despite-warning)");
        this.found = List.copyOf(found);
    }

    /** The numbers and periods found, as written. */
    public List<String> found() {
        return found;
    }
}
