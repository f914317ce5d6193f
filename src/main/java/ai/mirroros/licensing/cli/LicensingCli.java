package ai.mirroros.licensing.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code licensing} command line. */
@Command(name = "licensing", mixinStandardHelpOptions = true, version = "MirrorOS Licensing 0.1.0",
        description = "MirrorOS Licensing: partner revenue sharing and payouts.")
public final class LicensingCli implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new LicensingCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
