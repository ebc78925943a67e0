package io.a2ebatch.download;

/** One row's file could not be downloaded; the message says why. Other rows go on. */
public final class DownloadFailedException extends Exception {

    public DownloadFailedException(String message) {
        super(message);
    }
}
