package io.a2ebatch.lease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Who owns a run whose embedded H2 database is open, in a small file beside that database. H2 lets one
 * process open a file database, so a second process on the same run cannot read the lease row; it reads
 * this instead, to name the owner (host, pid, since). Written once the lease is taken; a stale file (the
 * owner was killed) is never read, since the database then opens.
 */
public final class OwnerFile {

    private static final String NAME = "owner";

    private OwnerFile() {
    }

    /** The file of the run whose database lives in {@code databaseDir}. */
    public static Path in(Path databaseDir) {
        return databaseDir.resolve(NAME);
    }

    /** Records this process as the owner; a failure only costs the second process the owner's name. */
    public static void write(Path file, String host, Instant since) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "process " + ProcessHandle.current().pid() + " on " + host + ", owner since "
                    + since, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Best effort: the lease in the database is what decides.
        }
    }

    /** Who owns the run, as its owner wrote it, or a plain statement when the file cannot be read. */
    public static String describe(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "another process (its database " + file.getParent() + " is open)";
        }
    }
}
