package io.a2ebatch.download;

/**
 * One result file to fetch.
 *
 * @param key    the row key
 * @param type   the task family
 * @param taskId the task, for a fresh look-up of an expired URL
 * @param url    the result URL as last recorded
 * @param file   the file name chosen by an earlier attempt (its {@code .part} may hold a prefix), or null
 */
public record DownloadJob(String key, String type, String taskId, String url, String file) {
}
