package org.exoconsent.consent;

import java.util.List;

/** A session that cannot become a signed document, with everything that is wrong or missing. */
public class SessionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public SessionException(String source, List<String> problems) {
        super(source + ": the consent is not complete or not valid; no PDF was written:" + System.lineSeparator()
                + "  - " + String.join(System.lineSeparator() + "  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
