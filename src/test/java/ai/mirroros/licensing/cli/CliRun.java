package ai.mirroros.licensing.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the {@code licensing} command line, captured: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LicensingCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Runs a command against a test's database and data directory (appended as --data-dir and --db). */
    static CliRun on(ai.mirroros.licensing.store.Database db, java.nio.file.Path dataDir, String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.Arrays.asList(args));
        all.add("--data-dir=" + dataDir);
        all.add("--db=" + db.config().schema()
                .map(schema -> ai.mirroros.licensing.store.TestDatabases.PG_URL + "&currentSchema=" + schema)
                .orElse(db.config().jdbcUrl()));
        return of(all.toArray(String[]::new));
    }
}
