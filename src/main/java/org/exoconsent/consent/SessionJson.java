package org.exoconsent.consent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.limits.InputLimits;

/**
 * Reads and writes {@link ConsentSession} JSON; a malformed file is refused naming the line, column and field. A
 * session of schema version 1 or 2 is read as it was written, its free-text relationship mapped to the list (see
 * {@link ConsentSession.Relationship#fromFreeText}); nothing of it is written back.
 */
public final class SessionJson {
    /** The name under which the reader tells {@link ConsentSession.Representative} that relationships are free text. */
    static final String FREE_TEXT_RELATIONSHIP = "exoconsent.freeTextRelationship";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SessionJson() {
    }

    /**
     * Reads a session file someone hands to the program ({@code record}, {@code render}, {@code confirm}) and checks
     * its limits before anything else is done with it: the file's size first, from the file system, before it is
     * read ({@link InputLimits#MAX_SESSION_BYTES}), then every field's length and every list's size
     * ({@link SessionLimits}).
     *
     * @throws SessionException naming the file and every problem: missing, unreadable, too large ("9.5 MB (9961472
     *                          bytes); a session file may hold at most 8.0 MB (8388608 bytes)"), malformed (line, column, field), or
     *                          over a field's limit ("notes.physician: 250000 characters; at most 10000")
     */
    public static ConsentSession read(Path file) throws SessionException {
        ConsentSession s = read(bytes(file), file.toString());
        SessionLimits.require(s, file.toString());
        return s;
    }

    /**
     * The bytes of a session file someone hands to the program (a consent session or an informed refusal), its size
     * checked from the file system before it is read ({@link InputLimits#MAX_SESSION_BYTES}).
     *
     * @throws SessionException naming the file: missing, unreadable, too large, or a pipe or a device (which could
     *                          block the command)
     */
    static byte[] bytes(Path file) throws SessionException {
        if (java.nio.file.Files.exists(file) && !java.nio.file.Files.isDirectory(file)
                && !java.nio.file.Files.isRegularFile(file)) {
            // a FIFO would block the command until something wrote to it (attack review of 2026-12-01: record hung)
            throw new SessionException(file.toString(), List.of("is not a regular file (a pipe or a device); a "
                    + "session file is a plain file"));
        }
        try {
            return InputLimits.read(file, InputLimits.MAX_SESSION_BYTES, "a session file", true);
        } catch (NoSuchFileException e) {
            throw new SessionException(file.toString(), List.of("the file does not exist"));
        } catch (InputLimits.TooLarge e) {
            throw new SessionException(file.toString(), List.of(e.detail()));
        } catch (IOException e) {
            throw new SessionException(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
    }

    /**
     * Reads a session from its JSON bytes as stored (a draft, a record's snapshot, a signed document's facts), without
     * the input limits of {@link #read(Path)}: what is stored is never refused for its size.
     *
     * @param source what the bytes are, for messages
     * @throws SessionException naming the line, column and field of what is malformed
     */
    public static ConsentSession read(byte[] json, String source) throws SessionException {
        return read(json, source, ConsentSession.class, schemaVersion(json) < ConsentSession.SCHEMA_VERSION);
    }

    /**
     * Reads JSON of one of the session's kinds ({@link ConsentSession}, {@link InformedRefusal}) strictly, naming the
     * line, column and field of what is malformed.
     *
     * @param freeText whether representatives' relationships are free text (schema 1 and 2 of a session)
     */
    static <T> T read(byte[] json, String source, Class<T> type, boolean freeText) throws SessionException {
        try {
            T s = MAPPER.readerFor(type)
                    .with(new InjectableValues.Std().addValue(FREE_TEXT_RELATIONSHIP, freeText)).readValue(json);
            if (s == null) {
                throw new SessionException(source, List.of("the file is empty"));
            }
            return s;
        } catch (JsonMappingException e) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.length() > 0 ? "." : "").append(r.getFieldName());
                } else {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
            String what;
            if (e instanceof UnrecognizedPropertyException u) {
                what = "unknown field '" + u.getPropertyName() + "'";
            } else if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException a) {
                what = a.getMessage();
            } else if (e instanceof InvalidFormatException f) {
                what = "invalid value '" + f.getValue() + "' (expected " + expected(f.getTargetType()) + ")";
            } else {
                what = firstLine(e.getOriginalMessage());
            }
            throw new SessionException(source, List.of(at(e.getLocation()) + field + ": " + what));
        } catch (JsonProcessingException e) {
            throw new SessionException(source, List.of(at(e.getLocation()) + "not well-formed JSON: "
                    + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new SessionException(source, List.of("cannot be read: " + e.getMessage()));
        }
    }

    /**
     * The top-level {@code schemaVersion} of a session, found without reading the rest; the current version when it
     * is missing, not a number or the text is not JSON (the full reading then reports what is wrong).
     */
    private static int schemaVersion(byte[] json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return ConsentSession.SCHEMA_VERSION;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("schemaVersion".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : ConsentSession.SCHEMA_VERSION;
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // reported by the full reading
        }
        return ConsentSession.SCHEMA_VERSION;
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList();
        }
        return switch (type.getSimpleName()) {
            case "LocalDate" -> "a date like 2026-12-01";
            case "OffsetDateTime" -> "a time like 2026-12-01T10:15:00+09:00";
            default -> "a " + type.getSimpleName();
        };
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public static byte[] write(ConsentSession session) {
        return writeAny(session);
    }

    /** Any of the session's kinds as JSON, as {@link #write} writes a session. */
    static byte[] writeAny(Object session) {
        try {
            return MAPPER.writeValueAsBytes(session);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a session always serialises", e);
        }
    }
}
