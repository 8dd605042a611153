package org.exoconsent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A records CSV export read as another tool reads it. */
public final class CsvFiles {
    private CsvFiles() {
    }

    /**
     * The rows of a CSV export (Jackson, the header row as keys, every value a string; an empty cell is ""), its
     * UTF-8 byte order mark asserted first.
     */
    public static List<Map<String, String>> read(byte[] bytes) throws Exception {
        assertEquals((byte) 0xEF, bytes[0], "UTF-8 BOM");
        assertEquals((byte) 0xBB, bytes[1]);
        assertEquals((byte) 0xBF, bytes[2]);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
