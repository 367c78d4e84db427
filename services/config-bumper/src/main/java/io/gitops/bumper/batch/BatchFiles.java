package io.gitops.bumper.batch;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.gitops.config.ConfigRepoLayout;
import io.gitops.config.Quarantine;

/**
 * The config repository as one batch sees it: the files of a base commit, read on demand, plus the edits the batch
 * made so far. Edits are grouped into commits with {@link #takeWrites()}.
 */
public final class BatchFiles {

    private final Function<String, Optional<String>> reader;
    private final BiFunction<String, String, Optional<String>> atRevision;
    private final Map<String, Optional<String>> files = new HashMap<>();
    private final Map<String, String> pendingWrites = new LinkedHashMap<>();

    public BatchFiles(Function<String, Optional<String>> reader) {
        this(reader, (revision, path) -> Optional.empty());
    }

    /** @param atRevision reads a file at another commit of the repository (empty when it cannot) */
    public BatchFiles(Function<String, Optional<String>> reader,
                      BiFunction<String, String, Optional<String>> atRevision) {
        this.reader = reader;
        this.atRevision = atRevision;
    }

    /** A file as it was at {@code revision} (a commit of the config repository); empty when unknown or unreadable. */
    public Optional<String> readAt(String revision, String path) {
        return revision == null ? Optional.empty() : atRevision.apply(revision, path);
    }

    public Optional<String> read(String path) {
        return files.computeIfAbsent(path, reader);
    }

    public void write(String path, String text) {
        files.put(path, Optional.of(text));
        pendingWrites.put(path, text);
    }

    /** The files written since the last call, for one commit. */
    public Map<String, String> takeWrites() {
        Map<String, String> writes = new LinkedHashMap<>(pendingWrites);
        pendingWrites.clear();
        return writes;
    }

    /** The quarantine as it stands after this batch's edits so far. */
    public Quarantine quarantine() {
        return Quarantine.parse(read(ConfigRepoLayout.QUARANTINE_FILE).orElse(""), ConfigRepoLayout.QUARANTINE_FILE);
    }
}
