package ai.mirroros.licensing.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the database as of a moment: {@code --data-dir}, {@code --db} and {@code --as-of}. */
abstract class TimedDatabaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    AsOfOption asOf;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
