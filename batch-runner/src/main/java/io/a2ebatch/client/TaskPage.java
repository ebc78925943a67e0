package io.a2ebatch.client;

import java.util.List;

/**
 * One page of a family's task list, newest first.
 *
 * @param records the page's records
 * @param total   total number of records the account has in the family, or -1 if not reported
 */
public record TaskPage(List<TaskRecord> records, long total) {

    public TaskPage {
        records = List.copyOf(records);
    }
}
