package io.a2ebatch.client;

/** A2E does not know the task id (404): it was deleted or belongs to another account. */
public final class TaskNotFoundException extends A2eApiException {

    public TaskNotFoundException(Failure failure) {
        super(failure, false, false);
    }
}
