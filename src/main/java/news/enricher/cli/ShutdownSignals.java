package news.enricher.cli;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGTERM and SIGINT into a graceful stop: the command closes its Kafka clients and then exits 0 itself.
 * (A plain shutdown hook would close them too, but the JVM would then exit 143, which orchestrators read as a crash.)
 */
final class ShutdownSignals {

    private final CountDownLatch requested = new CountDownLatch(1);

    static ShutdownSignals install() {
        ShutdownSignals signals = new ShutdownSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> signals.requested.countDown());
        }
        return signals;
    }

    CountDownLatch requested() {
        return requested;
    }
}
