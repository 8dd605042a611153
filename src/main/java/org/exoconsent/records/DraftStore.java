package org.exoconsent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.exoconsent.files.OwnerOnly;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.consent.SessionJson;

/**
 * Consultations in progress, saved as the wizard goes ({@code drafts/<id>.json}, replaced atomically), so that
 * after a crash or a closed window the consultation resumes where it stopped. A draft is removed when its consent
 * is recorded; abandoning one is an explicit act that moves it to {@code drafts/abandoned/} (nothing is lost).
 */
public final class DraftStore {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Path abandoned;

    /** The drafts of {@code dir} ({@link DataDirectory#drafts()}). */
    public DraftStore(DataDirectory dir) {
        this.folder = dir.drafts();
        this.abandoned = dir.abandonedDrafts();
    }

    /** A saved draft: the session so far, whether the tablet was in (locked) patient mode, and when it was saved. */
    public record Draft(ConsentSession session, boolean patientMode, Instant savedAt) {
    }

    public void save(ConsentSession session, boolean patientMode, Instant now) throws StoreException {
        Path file = file(session.id());
        try {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.put("savedAt", now.toString());
            wrapper.put("patientMode", patientMode);
            wrapper.set("session", JSON.readTree(SessionJson.write(session)));
            Durable.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(wrapper));
        } catch (IOException e) {
            throw new StoreException(file + ": the draft could not be saved: " + e.getMessage(), e);
        }
    }

    public Draft load(String id) throws StoreException {
        Path file = file(id);
        try {
            JsonNode wrapper = JSON.readTree(Files.readAllBytes(file));
            ConsentSession s = SessionJson.read(JSON.writeValueAsBytes(wrapper.get("session")), file.toString());
            return new Draft(s, wrapper.path("patientMode").asBoolean(false),
                    Instant.parse(wrapper.path("savedAt").asText()));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RefusedException(id + ": no such draft");
        } catch (IOException | SessionException | RuntimeException e) {
            throw new StoreException(file + ": the draft cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every draft, oldest first (the wizard offers to resume them). */
    public List<Draft> list() throws StoreException {
        List<Draft> drafts = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return drafts;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                drafts.add(load(f.getFileName().toString().replaceAll("\\.json$", "")));
            }
        } catch (IOException e) {
            throw new StoreException(folder + ": cannot be listed: " + e.getMessage(), e);
        }
        drafts.sort((a, b) -> a.savedAt().compareTo(b.savedAt()));
        return drafts;
    }

    /** The consent was recorded: its draft has served. */
    public void remove(String id) throws StoreException {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new StoreException(file(id) + ": cannot be removed: " + e.getMessage(), e);
        }
    }

    /** Abandons a draft explicitly: it is moved aside with the reason, never deleted. */
    public Path abandon(String id, String reason, Instant now) throws StoreException {
        Path file = file(id);
        if (!Files.exists(file)) {
            throw new RefusedException(id + ": no such draft");
        }
        try {
            Path target = abandoned.resolve(id + "-" + now.toEpochMilli() + ".json");
            OwnerOnly.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            OwnerOnly.write(target.resolveSibling(target.getFileName()
                    + DataDirectory.ABANDONED_REASON_SUFFIX), (now + " " + reason + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return target;
        } catch (IOException e) {
            throw new StoreException(file + ": cannot be abandoned: " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot name a draft");
        }
        return folder.resolve(id + ".json");
    }
}
