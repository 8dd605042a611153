package org.exoconsent.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template that passed every check: its manifest, its text in each language, and the SHA-256 that identifies
 * exactly these bytes. Instances only come from {@link TemplateLoader}.
 */
public final class ConsentTemplate {
    private final Path folder;
    private final Manifest manifest;
    private final Map<String, LanguageText> languages;
    private final String sha256;

    ConsentTemplate(Path folder, Manifest manifest, Map<String, LanguageText> languages, String sha256) {
        this.folder = folder;
        this.manifest = manifest;
        this.languages = Map.copyOf(languages);
        this.sha256 = sha256;
    }

    public Path folder() {
        return folder;
    }

    public String id() {
        return manifest.id();
    }

    public String version() {
        return manifest.version();
    }

    /**
     * The template's format: 1 for versions written before 1.1.0 (signature declarations outside the template; only
     * read again for old records, see {@link TemplateLoader#loadStored}), 2 for version 1.1.0 (read again for the
     * records and drafts made with it), 3 for every template that can be checked, imported or bundled from 1.2.0 on
     * (what changed per version, origin and supply, the assent declarations).
     */
    public int format() {
        return manifest.format() == null ? 1 : manifest.format();
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Lower-case hex SHA-256 over the template's files (see docs/TEMPLATES.md). */
    public String sha256() {
        return sha256;
    }

    public List<String> languages() {
        return manifest.languages();
    }

    public Optional<LanguageText> language(String code) {
        return Optional.ofNullable(languages.get(code));
    }

    /**
     * The text in {@code code} when the template has that language, else in its first language: for readers who
     * are not the patient (staff screens, administrators' notices), who can read either.
     */
    public LanguageText languageOrFirst(String code) {
        return language(code).orElseGet(() -> languages.get(manifest.languages().get(0)));
    }

    public Optional<Manifest.IndicationDef> indication(String id) {
        return manifest.indications().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public Optional<Manifest.QuestionDef> question(String id) {
        return manifest.questions().stream().filter(q -> q.id().equals(id)).findFirst();
    }

    public Optional<Manifest.Reference> reference(String id) {
        return manifest.references().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The material changes made after version {@code since} up to this version, oldest first, worded in
     * {@code language} (format 3; empty for earlier formats, when {@code since} is this version or later, or when
     * every change since is editorial). Versions compare by their numbers ("1.10.0" after "1.9.0").
     *
     * @throws IllegalArgumentException when the template has no such language, or {@code since} is not a version
     *                                  number
     */
    public List<String> materialChangesSince(String since, String language) {
        LanguageText text = language(language).orElseThrow(() -> new IllegalArgumentException("template " + id()
                + " version " + version() + " has no language '" + language + "'"));
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Manifest.VersionChanges v : manifest.changes()) {
            if (Manifest.compareVersions(v.version(), since) > 0
                    && Manifest.compareVersions(v.version(), version()) <= 0) {
                for (Manifest.Change c : v.items()) {
                    if (c.isMaterial()) {
                        out.add(text.changes().get(c.id()));
                    }
                }
            }
        }
        return out;
    }

    public List<String> mandatorySectionIds() {
        return manifest.sections().stream().filter(Manifest.SectionDef::isMandatory).map(Manifest.SectionDef::id)
                .toList();
    }
}
