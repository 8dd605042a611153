package org.exoconsent.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed YAML/JSON document that remembers where each value stood in the file, so that a rule broken far from
 * the parser can still be reported with its line and column. Keys are JSON pointers ({@code /sections/3/title}).
 */
final class LocatedTree {
    private final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private LocatedTree(JsonNode root, Map<String, JsonLocation> locations) {
        this.root = root;
        this.locations = locations;
    }

    static LocatedTree parse(ObjectMapper mapper, byte[] bytes) throws IOException {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() == null) {
                return new LocatedTree(JsonNodeFactory.instance.objectNode(), locations);
            }
            JsonNode root = read(p, "", locations);
            return new LocatedTree(root, locations);
        }
    }

    private static JsonNode read(JsonParser p, String pointer, Map<String, JsonLocation> locations) throws IOException {
        locations.put(pointer, p.currentTokenLocation());
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p, pointer + "/" + escape(name), locations));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, pointer + "/" + i++, locations));
                }
                return a;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return f.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                throw new IOException("unexpected " + t);
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    JsonNode root() {
        return root;
    }

    /** The location of the value at {@code pointer}, or of its nearest ancestor present in the file. */
    JsonLocation locate(String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation l = locations.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** {@code /sections/3/title} as a person reads it: {@code sections[3].title}. */
    static String display(String pointer) {
        StringBuilder s = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                s.append('[').append(part).append(']');
            } else {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return s.toString();
    }
}
