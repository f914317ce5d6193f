package ai.mirroros.licensing.loadgen;

import ai.mirroros.licensing.LicensingApp;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints one markdown table from the {@code licensing loadgen --json} reports named on the command line, in that
 * order; {@code scripts/bench webhooks} ends with it. Usage: {@code java -cp licensing.jar
 * ai.mirroros.licensing.loadgen.LoadReportTable REPORT.json…}
 */
public final class LoadReportTable {
    private LoadReportTable() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: LoadReportTable REPORT.json… (reports of licensing loadgen --json)");
            System.exit(2);
        }
        ObjectMapper json = LicensingApp.newObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<LoadReport> reports = new ArrayList<>();
        for (String file : args) {
            try {
                reports.add(json.readValue(Path.of(file).toFile(), LoadReport.class));
            } catch (IOException e) {
                System.err.println("LoadReportTable: cannot read " + file + ": " + e.getMessage());
                System.exit(2);
            }
        }
        System.out.print(LoadReport.markdownTable(reports));
    }
}
