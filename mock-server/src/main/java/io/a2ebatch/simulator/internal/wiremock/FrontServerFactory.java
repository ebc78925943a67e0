package io.a2ebatch.simulator.internal.wiremock;

import java.util.EnumSet;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import wiremock.jakarta.servlet.DispatcherType;
import wiremock.org.eclipse.jetty.server.Handler;
import wiremock.org.eclipse.jetty.servlet.FilterHolder;
import wiremock.org.eclipse.jetty.servlet.ServletContextHandler;

/**
 * WireMock's Jetty 11 server with the simulator's error path installed: a {@link JsonErrorHandler} on
 * the server and on each servlet context, and a {@link RequestGuard} in front of every servlet. So a
 * request that never reaches the engine still gets the simulator's JSON {@code ErrorResponse}. Behind
 * the guard of the stub context, the {@link EngineFilter} answers requests with the engine.
 */
final class FrontServerFactory implements HttpServerFactory {

    private static final String WIREMOCK_ADMIN_CONTEXT = "/__admin";

    private final MalformedRequests answers;
    private final EngineFilter engine;

    FrontServerFactory(MalformedRequests answers, EngineFilter engine) {
        this.answers = answers;
        this.engine = engine;
    }

    @Override
    public String getName() {
        return "a2e-simulator-jetty";
    }

    @Override
    public HttpServer buildHttpServer(Options options, AdminRequestHandler adminRequestHandler,
                                      StubRequestHandler stubRequestHandler) {
        return new FrontServer(options, adminRequestHandler, stubRequestHandler, answers, engine);
    }

    private static final class FrontServer extends Jetty11HttpServer {

        FrontServer(Options options, AdminRequestHandler admin, StubRequestHandler stubs, MalformedRequests answers,
                    EngineFilter engine) {
            super(options, admin, stubs);
            // Installed after the superclass has built its handlers: its constructor calls the
            // overridable hooks before this class's fields could be set.
            JsonErrorHandler errors = new JsonErrorHandler(answers);
            jettyServer.setErrorHandler(errors);
            for (Handler handler : jettyServer.getChildHandlersByClass(ServletContextHandler.class)) {
                ServletContextHandler context = (ServletContextHandler) handler;
                context.setErrorHandler(errors);
                boolean wireMockAdmin = WIREMOCK_ADMIN_CONTEXT.equals(context.getContextPath());
                context.addFilter(new FilterHolder(new RequestGuard(answers, wireMockAdmin)), "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                if (!wireMockAdmin) {
                    // After the guard, so that a body that breaks off while the engine reads it gets the guard's 400.
                    context.addFilter(new FilterHolder(engine), "/*", EnumSet.of(DispatcherType.REQUEST));
                }
            }
        }
    }
}
