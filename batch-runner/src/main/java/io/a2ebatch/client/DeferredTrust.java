package io.a2ebatch.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust decisions, with the trust store read at the first TLS handshake instead of when
 * the HTTP client is built. Reading it (the JDK's {@code cacerts}: about 140 certificates parsed, 4.8 MB
 * allocated) was part of every start, before the first request, and a run whose providers are plain http
 * (a simulator) never needs it; a run over https does it at its first handshake instead. The runner's HTTP
 * clients (A2E's and kie.ai's requests, downloads) and the base URL's preflight share one context, so the
 * store is read at most once and a session the preflight opened can be resumed, as with the default context.
 * <p>
 * Every check is made by the trust manager the JDK's default TLS context uses: the default algorithm's
 * factory over the default trust store, {@code javax.net.ssl.trustStore} and its siblings included, so
 * what is trusted does not change, and neither does the check of the host name (the HTTP client asks for
 * it on the engine, and the engine's checks are passed on as they are).
 */
public final class DeferredTrust extends X509ExtendedTrustManager {

    /** Trust as the JDK's default TLS context's: one for the process, so its trust store is read once. */
    private static final DeferredTrust JDK = new DeferredTrust(DeferredTrust::jdkDefault);
    /** The process's one context with {@link #JDK}: one session cache, as with the JDK's default context. */
    private static SSLContext shared;

    private final Supplier<X509ExtendedTrustManager> source;
    private volatile X509ExtendedTrustManager delegate;

    /** Trust as {@code source}'s manager does, asked for once, at the first check. */
    DeferredTrust(Supplier<X509ExtendedTrustManager> source) {
        this.source = source;
    }

    /**
     * A TLS context like the JDK's default one, with the JDK's trust, deferred; the same one at every call.
     * Where the JDK's default context would also present a client certificate ({@code javax.net.ssl.keyStore}
     * or its type is set), that context itself.
     */
    public static synchronized SSLContext context() {
        if (System.getProperty("javax.net.ssl.keyStore") != null
                || System.getProperty("javax.net.ssl.keyStoreType") != null) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw noTls(e);
            }
        }
        if (shared == null) {
            shared = context(JDK);
        }
        return shared;
    }

    /** A TLS context with {@code trust} and no client certificate. */
    static SSLContext context(DeferredTrust trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw noTls(e);
        }
    }

    private static IllegalStateException noTls(GeneralSecurityException e) {
        return new IllegalStateException("This Java runtime offers no TLS context (" + e.getMessage()
                + "); a2e-batch needs one to reach https URLs", e);
    }

    /** The default algorithm's trust manager over the default trust store, as the JDK's default context has. */
    static X509ExtendedTrustManager jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the default trust manager factory offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the default trust store could not be read: " + e.getMessage(), e);
        }
    }

    private X509ExtendedTrustManager delegate() throws CertificateException {
        X509ExtendedTrustManager d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    try {
                        d = source.get();
                    } catch (RuntimeException e) {
                        throw new CertificateException("no certificate can be trusted: " + e.getMessage(), e);
                    }
                    delegate = d;
                }
            }
        }
        return d;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    /**
     * The issuers the trust store holds. Asked of a client only when a server requests a client
     * certificate; a trust store that cannot be read offers none (the handshake then fails on its check).
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return delegate().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
