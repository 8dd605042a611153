package org.exoconsent.template;

import java.util.List;
import java.util.stream.Collectors;

/** A template that cannot be used, with every problem found in it. */
public class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public TemplateException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
