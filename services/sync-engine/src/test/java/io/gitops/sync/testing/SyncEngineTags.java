package io.gitops.sync.testing;

/** Image tags and source commits used across tests. */
public final class SyncEngineTags {

    public static final String GOOD = "1111111111111111111111111111111111111111";
    public static final String BAD = "2222222222222222222222222222222222222222";
    public static final String OTHER = "3333333333333333333333333333333333333333";
    public static final String SOURCE = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

    private SyncEngineTags() {
    }
}
