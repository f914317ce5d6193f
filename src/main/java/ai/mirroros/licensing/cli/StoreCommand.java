package ai.mirroros.licensing.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that opens the store and prints to picocli's writers (which tests capture): the common base of the
 * subcommands of {@code events}, {@code keys}, {@code partners}, {@code payouts}, {@code hosted}, {@code risk} and
 * the data-key and tax-profile commands.
 */
abstract class StoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
