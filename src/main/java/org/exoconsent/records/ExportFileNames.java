package org.exoconsent.records;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The file name of a records export and its format must agree (issue 14 §3, review: {@code --format xlsx --out
 * m.csv} wrote an Excel file under a .csv name, which a spreadsheet then opens as garbage or a tool misreads). The
 * extensions: {@code .xlsx}, {@code .csv}, {@code .json}, {@code .zip}.
 */
public final class ExportFileNames {
    /** Extensions that name a spreadsheet, data or archive format: one of these for another format contradicts it. */
    private static final Set<String> FORMAT_EXTENSIONS = Set.of("xlsx", "xls", "xlsm", "ods", "csv", "tsv",
            "json", "zip");

    private ExportFileNames() {
    }

    /** The extension of a format, without the dot: {@code xlsx}, {@code csv}, {@code json}, {@code zip}. */
    public static String extension(RecordStore.ExportFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Why {@code file}'s name contradicts {@code format} — it ends with the extension of another spreadsheet, data or
     * archive format, e.g. {@code m.csv} for xlsx — naming both; null when it agrees or has no such extension
     * ({@code records}, {@code records.2026-11}).
     */
    public static String contradiction(RecordStore.ExportFormat format, Path file) {
        String ext = extensionOf(file);
        if (ext == null || ext.equals(extension(format)) || !FORMAT_EXTENSIONS.contains(ext)) {
            return null;
        }
        return file + ": the name ends in ." + ext + " but the format is " + extension(format) + " (name the file ."
                + extension(format) + ", or choose --format " + ("xls".equals(ext) || "ods".equals(ext)
                || "xlsm".equals(ext) ? "xlsx" : ext) + ")";
    }

    /**
     * {@code file} with the format's extension: unchanged when it has it, else with the contradicting extension (as
     * {@link #contradiction} finds it) replaced, or the extension added when it has none of those.
     */
    public static Path withExtension(RecordStore.ExportFormat format, Path file) {
        String ext = extensionOf(file);
        if (extension(format).equals(ext)) {
            return file;
        }
        String name = file.getFileName().toString();
        if (ext != null && FORMAT_EXTENSIONS.contains(ext)) {
            name = name.substring(0, name.length() - ext.length() - 1);
        }
        return file.resolveSibling(name + "." + extension(format));
    }

    private static String extensionOf(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 || dot == n.length() - 1 ? null : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
