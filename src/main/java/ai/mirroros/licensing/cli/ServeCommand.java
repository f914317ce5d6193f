package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.web.WebServer;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licensing serve}: runs the HTTP server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP server (health at /health) on the configured database.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--port", defaultValue = "${env:LICENSING_PORT:-8080}",
            description = "TCP port (env LICENSING_PORT, default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--host", defaultValue = "${env:LICENSING_HOST:-0.0.0.0}",
            description = "Interface to listen on (env LICENSING_HOST, default: ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        LicensingApp app = store.openApp(Clock.systemUTC());
        WebServer server = WebServer.start(app, host, port);
        System.err.printf("licensing: serving on http://%s:%d (database %s)%n",
                "0.0.0.0".equals(host) ? "localhost" : host, server.port(), app.database().config().displayUrl());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            app.close();
            stopped.countDown();
        }, "licensing-shutdown"));
        stopped.await();
        return 0;
    }
}
