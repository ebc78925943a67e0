package io.a2ebatch.manifest;

import java.io.IOException;

/**
 * The manifest file could not be read at all (missing, a directory, no permission, an I/O error): a
 * problem of the command line or the machine, not of the manifest's content.
 */
public final class UnreadableManifestException extends ManifestException {

    public UnreadableManifestException(ManifestProblem problem, IOException cause) {
        super(problem, cause);
    }
}
