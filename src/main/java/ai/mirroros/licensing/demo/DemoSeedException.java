package ai.mirroros.licensing.demo;

/**
 * The seed could not finish as the demo promises — an event the endpoint refused or the engine parked, a payout
 * that failed — so the data would not be the consistent story it should be. The message names what went wrong; the
 * database is left partly seeded and should be replaced by a fresh one.
 */
public final class DemoSeedException extends RuntimeException {
    DemoSeedException(String message) {
        super(message);
    }

    DemoSeedException(String message, Throwable cause) {
        super(message, cause);
    }
}
