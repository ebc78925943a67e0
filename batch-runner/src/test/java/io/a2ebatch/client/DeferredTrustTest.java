package io.a2ebatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust the runner's HTTP clients are built with, against real TLS servers on loopback whose
 * certificates {@code keytool} makes for the test: one issued to 127.0.0.1, one to another name.
 */
class DeferredTrustTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static KeyStore forLoopback;
    private static KeyStore forOtherName;
    private static KeyStore trustingBoth;

    private HttpsServer server;

    @BeforeAll
    static void certificates() throws Exception {
        forLoopback = keyPair("loopback", "SAN=ip:127.0.0.1");
        forOtherName = keyPair("other", "SAN=dns:other.example");
        trustingBoth = KeyStore.getInstance("PKCS12");
        trustingBoth.load(null, null);
        trustingBoth.setCertificateEntry("loopback", forLoopback.getCertificate("server"));
        trustingBoth.setCertificateEntry("other", forOtherName.getCertificate("server"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsItsTrustStoreAtTheFirstHandshakeAndOnlyThen() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        HttpClient client = client(DeferredTrust.context(new DeferredTrust(() -> {
            reads.incrementAndGet();
            return trustManager(trustingBoth);
        })));
        URI url = serve(forLoopback);
        assertThat(reads).as("building the client reads no trust store").hasValue(0);

        assertThat(get(client, url).body()).isEqualTo("ok");
        assertThat(get(client, url.resolve("/again")).statusCode()).isEqualTo(200);
        assertThat(reads).hasValue(1);
    }

    @Test
    void refusesAServerWhoseCertificateNamesAnotherHost() throws Exception {
        HttpClient client = client(DeferredTrust.context(new DeferredTrust(() -> trustManager(trustingBoth))));
        URI url = serve(forOtherName);

        assertThatThrownBy(() -> get(client, url)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void refusesACertificateTheJdksTrustStoreDoesNotHold() throws Exception {
        HttpClient client = client(DeferredTrust.context());
        URI url = serve(forLoopback);

        assertThatThrownBy(() -> get(client, url)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX");
    }

    @Test
    void aTrustStoreThatCannotBeReadFailsTheHandshakeNotTheClient() throws Exception {
        HttpClient client = client(DeferredTrust.context(new DeferredTrust(() -> {
            throw new IllegalStateException("the default trust store could not be read: broken");
        })));
        URI url = serve(forLoopback);

        assertThatThrownBy(() -> get(client, url)).isInstanceOf(SSLHandshakeException.class);
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, URI url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTPS server on loopback presenting {@code keys}' certificate, answering "ok". */
    private URI serve(KeyStore keys) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), new TrustManager[0], null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static X509ExtendedTrustManager trustManager(KeyStore trusted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key pair with a self-signed certificate carrying {@code extension}, made by the JDK's keytool. */
    private static KeyStore keyPair(String name, String extension) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", extension, "-validity", "2", "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool ended").isTrue();
        assertThat(keytool.exitValue()).as("keytool: %s", output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
