package io.a2ebatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class CallbackUrlsTest {

    private final String secret = CallbackUrls.newSecret();
    private final CallbackUrls urls = new CallbackUrls(URI.create("https://hooks.example/a2e"), "3f9c1a20", secret);

    private static String query(String url) {
        return URI.create(url).getRawQuery();
    }

    @Test
    void aRowsUrlNamesTheRunAndTheKeyAndIsAcceptedAsThatRow() {
        String url = urls.forRow("clip 7/ä&b");

        assertThat(url).startsWith("https://hooks.example/a2e?run=3f9c1a20&key=clip+7%2F%C3%A4%26b&sig=");
        assertThat(urls.check(query(url))).isEqualTo(new CallbackUrls.Verdict.Row("clip 7/ä&b"));
    }

    @Test
    void aRestartedRunWithTheSameSecretAcceptsTheUrlsItsPredecessorSent() {
        String url = urls.forRow("k1");
        CallbackUrls restarted = new CallbackUrls(URI.create("https://hooks.example/a2e"), "3f9c1a20", secret);

        assertThat(restarted.check(query(url))).isEqualTo(new CallbackUrls.Verdict.Row("k1"));
    }

    @Test
    void oneRowsSignatureDoesNotVouchForAnotherRowOrAnotherSecret() {
        String url = urls.forRow("k1");
        String otherKey = url.replace("key=k1", "key=k2");
        CallbackUrls otherSecret = new CallbackUrls(URI.create("https://hooks.example/a2e"), "3f9c1a20",
                CallbackUrls.newSecret());

        assertThat(urls.check(query(otherKey))).isInstanceOf(CallbackUrls.Verdict.Forged.class);
        assertThat(otherSecret.check(query(url))).isInstanceOf(CallbackUrls.Verdict.Forged.class);
        assertThat(urls.check(query(url.replaceAll("&sig=.*", "")))).isInstanceOf(CallbackUrls.Verdict.Forged.class);
    }

    @Test
    void aUrlOfAnotherRunOrWithoutRunOrKeyIsStray() {
        assertThat(urls.check(query(urls.forRow("k1").replace("run=3f9c1a20", "run=ffffffff"))))
                .isInstanceOf(CallbackUrls.Verdict.Stray.class);
        assertThat(urls.check("key=k1")).isInstanceOf(CallbackUrls.Verdict.Stray.class);
        assertThat(urls.check(null)).isInstanceOf(CallbackUrls.Verdict.Stray.class);
    }

    @Test
    void aBaseUrlWithAQueryKeepsIt() {
        CallbackUrls withQuery = new CallbackUrls(URI.create("https://hooks.example/cb?tenant=7"), "3f9c1a20", secret);
        String url = withQuery.forRow("k1");

        assertThat(url).startsWith("https://hooks.example/cb?tenant=7&run=3f9c1a20&key=k1&sig=");
        assertThat(withQuery.check(query(url))).isEqualTo(new CallbackUrls.Verdict.Row("k1"));
    }
}
