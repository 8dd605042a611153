package org.exoconsent.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The first sheet of an xlsx file read with the JDK's XML parser, independently of the library that wrote it: each
 * cell's type ({@code s} shared string, {@code inlineStr}, {@code n} number, …), its text, whether it holds a formula
 * and its number format's code; the frozen pane and the column widths.
 */
public final class XlsxSheet {
    /** One cell: {@code type} as the file says ({@code n} when absent), its value as text, formula or null. */
    public record Cell(String type, String text, String formula, String format) {
    }

    public final Map<String, Cell> cells = new LinkedHashMap<>();
    public final String sheetXml;
    public final List<String> columnWidths = new ArrayList<>();
    public final String sheetName;

    private XlsxSheet(Map<String, byte[]> parts) throws Exception {
        this(parts, 1);
    }

    private XlsxSheet(Map<String, byte[]> parts, int number) throws Exception {
        List<String> shared = new ArrayList<>();
        if (parts.containsKey("xl/sharedStrings.xml")) {
            NodeList si = xml(parts.get("xl/sharedStrings.xml")).getElementsByTagName("si");
            for (int i = 0; i < si.getLength(); i++) {
                shared.add(si.item(i).getTextContent());
            }
        }
        Map<Integer, String> codes = new HashMap<>(Map.of(0, "General", 14, "m/d/yyyy", 22, "m/d/yyyy h:mm"));
        Document styles = xml(parts.get("xl/styles.xml"));
        NodeList fmts = styles.getElementsByTagName("numFmt");
        for (int i = 0; i < fmts.getLength(); i++) {
            Element f = (Element) fmts.item(i);
            codes.put(Integer.parseInt(f.getAttribute("numFmtId")), f.getAttribute("formatCode"));
        }
        List<String> xfFormats = new ArrayList<>();
        Element cellXfs = (Element) styles.getElementsByTagName("cellXfs").item(0);
        NodeList xfs = cellXfs.getElementsByTagName("xf");
        for (int i = 0; i < xfs.getLength(); i++) {
            String id = ((Element) xfs.item(i)).getAttribute("numFmtId");
            xfFormats.add(codes.getOrDefault(id.isEmpty() ? 0 : Integer.parseInt(id), "?" + id));
        }
        byte[] sheet = parts.get("xl/worksheets/sheet" + number + ".xml");
        sheetXml = new String(sheet, java.nio.charset.StandardCharsets.UTF_8);
        Document d = xml(sheet);
        NodeList cs = d.getElementsByTagName("c");
        for (int i = 0; i < cs.getLength(); i++) {
            Element c = (Element) cs.item(i);
            String type = c.getAttribute("t").isEmpty() ? "n" : c.getAttribute("t");
            NodeList f = c.getElementsByTagName("f");
            NodeList v = c.getElementsByTagName("v");
            String text = type.equals("s") ? shared.get(Integer.parseInt(v.item(0).getTextContent()))
                    : type.equals("inlineStr") ? c.getElementsByTagName("is").item(0).getTextContent()
                    : v.getLength() == 0 ? null : v.item(0).getTextContent();
            String s = c.getAttribute("s");
            cells.put(c.getAttribute("r"), new Cell(type, text, f.getLength() == 0 ? null : f.item(0).getTextContent(),
                    xfFormats.get(s.isEmpty() ? 0 : Integer.parseInt(s))));
        }
        NodeList cols = d.getElementsByTagName("col");
        for (int i = 0; i < cols.getLength(); i++) {
            columnWidths.add(((Element) cols.item(i)).getAttribute("width"));
        }
        Element sheetEl = (Element) xml(parts.get("xl/workbook.xml")).getElementsByTagName("sheet").item(number - 1);
        sheetName = sheetEl.getAttribute("name");
    }

    /** Reads {@code file}. */
    public static XlsxSheet read(Path file) throws Exception {
        return read(file, 1);
    }

    /** Reads sheet {@code number} (1 for the first) of {@code file}. */
    public static XlsxSheet read(Path file, int number) throws Exception {
        Map<String, byte[]> parts = new HashMap<>();
        // through the central directory, as Excel reads it (the local headers carry sizes in data descriptors)
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    parts.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return new XlsxSheet(parts, number);
    }

    private static Document xml(byte[] bytes) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        try {
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw e;
        }
    }

    /** The cell at {@code ref} ("A1"), or null when the file has none there. */
    public Cell at(String ref) {
        return cells.get(ref);
    }

    /** The reference of column {@code index} (0-based) in row {@code row} (1-based): at(0, 1) is "A1". */
    public static String ref(int index, int row) {
        StringBuilder b = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            b.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return b.append(row).toString();
    }

    /** The texts of row {@code row} (1-based), left to right, as far as {@code columns}. */
    public List<String> row(int row, int columns) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            Cell c = at(ref(i, row));
            r.add(c == null ? null : c.text());
        }
        return r;
    }
}
