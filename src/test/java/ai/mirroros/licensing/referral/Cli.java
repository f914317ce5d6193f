package ai.mirroros.licensing.referral;

import ai.mirroros.licensing.cli.LicensingCli;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the real {@code licensing} command line in-process against a test's database, capturing its output. */
final class Cli {
    private Cli() {
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run on(Database db, Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir=" + dataDir);
        all.add("--db=" + db.config().schema().map(schema -> TestDatabases.PG_URL + "&currentSchema=" + schema)
                .orElse(db.config().jdbcUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LicensingCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }
}
