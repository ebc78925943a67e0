package io.a2ebatch.download;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The download directory cannot be written (full, read-only, missing permission): every download
 * stops, the run stops restartable, and nothing incomplete is left under a final name.
 */
public final class DiskProblemException extends Exception {

    public DiskProblemException(Path path, IOException cause) {
        super("Cannot write " + path + " (" + describe(cause) + "); downloads stopped. Free space or fix the"
                + " directory's permissions, then run the same command again: complete files are kept and"
                + " partial ones resume", cause);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
