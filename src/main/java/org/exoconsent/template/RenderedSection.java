package org.exoconsent.template;

import java.util.List;

/** A section exactly as the patient sees it: conditions applied, placeholders filled. */
public record RenderedSection(String id, String title, List<String> paragraphs) {
    public RenderedSection {
        paragraphs = List.copyOf(paragraphs);
    }
}
