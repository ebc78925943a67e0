package io.a2ebatch.client;

/** The kinds of request the runner sends, for counting and for messages. */
public enum ApiCall {
    START("start"), DETAIL("detail"), BATCH_DETAIL("batchDetail"), LIST("list");

    private final String label;

    ApiCall(String label) {
        this.label = label;
    }

    /** The operation's name as the A2E paths spell it. */
    public String label() {
        return label;
    }
}
