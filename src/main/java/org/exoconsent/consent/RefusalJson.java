package org.exoconsent.consent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.limits.InputLimits;

/**
 * Reads and writes {@link InformedRefusal} JSON (issue 16 §5) with the session's strict rules ({@link SessionJson}):
 * unknown fields, duplicate keys and trailing text are refused, naming the line, column and field.
 */
public final class RefusalJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RefusalJson() {
    }

    /**
     * Whether JSON bytes are an informed refusal: a top-level {@code "kind": "informed-refusal"}, found without reading
     * the rest. False for anything else (a consent session, which has no {@code kind}; text that is not JSON: the
     * session reader then says what is wrong).
     */
    public static boolean isRefusal(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return isRefusal(p);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a file someone hands to the program is an informed refusal (as {@link #isRefusal(byte[])}), read as a
     * stream without holding it; false when it cannot be read (the session reader then says why), is not a regular
     * file (a pipe, which would block, or a device) or is larger than a session file may be.
     */
    public static boolean isRefusal(Path file) {
        try {
            if (!java.nio.file.Files.isRegularFile(file)
                    || java.nio.file.Files.size(file) > InputLimits.MAX_SESSION_BYTES) {
                return false; // a pipe would block here (attack review of 2026-12-01); the session reader names it
            }
            try (JsonParser p = FACTORY.createParser(file.toFile())) {
                return isRefusal(p);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isRefusal(JsonParser p) throws IOException {
        {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("kind".equals(name)) {
                    return value == JsonToken.VALUE_STRING && InformedRefusal.KIND.equals(p.getText());
                }
                p.skipChildren();
            }
        }
        return false;
    }

    /**
     * Reads a refusal file someone hands to the program ({@code record}, {@code render}), its size checked before it
     * is read ({@link InputLimits#MAX_SESSION_BYTES}) and its fields' limits after ({@link SessionLimits}).
     *
     * @throws SessionException naming the file and every problem
     */
    public static InformedRefusal read(Path file) throws SessionException {
        InformedRefusal r = read(SessionJson.bytes(file), file.toString());
        List<String> limits = SessionLimits.problems(r);
        if (!limits.isEmpty()) {
            throw new SessionException(file.toString(), limits);
        }
        return r;
    }

    /**
     * Reads a refusal from its JSON bytes as stored (a record's snapshot, a signed document's facts), without the
     * input limits.
     *
     * @throws SessionException naming the line, column and field of what is malformed, or a {@code kind} that is not
     *                          {@link InformedRefusal#KIND}
     */
    public static InformedRefusal read(byte[] json, String source) throws SessionException {
        InformedRefusal r = SessionJson.read(json, source, InformedRefusal.class, false);
        if (!InformedRefusal.KIND.equals(r.kind())) {
            throw new SessionException(source, List.of("kind: " + (r.kind() == null ? "missing" : "'" + r.kind()
                    + "'") + "; an informed refusal says \"kind\": \"" + InformedRefusal.KIND + "\""));
        }
        return r;
    }

    /** The refusal as JSON (indented, times with their offset). */
    public static byte[] write(InformedRefusal refusal) {
        return SessionJson.writeAny(refusal);
    }
}
