package io.a2ebatch.download;

/**
 * A complete, checked file under its final name.
 *
 * @param file    file name inside the download directory
 * @param bytes   its size
 * @param sha256  SHA-256 of its content, lower-case hex
 * @param fetched bytes transferred for it by this process (0 when it was already complete on disk)
 */
public record DownloadedFile(String file, long bytes, String sha256, long fetched) {
}
