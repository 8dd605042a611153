package org.exoconsent.template;

import java.util.Map;

/**
 * What a template's text is filled with for one consultation: placeholder values and condition values
 * (both keyed as in docs/TEMPLATES.md). Built by the consent layer from a session.
 */
public record TextContext(Map<String, String> values, Map<String, String> conditions) {
    public TextContext {
        values = Map.copyOf(values);
        conditions = Map.copyOf(conditions);
    }
}
