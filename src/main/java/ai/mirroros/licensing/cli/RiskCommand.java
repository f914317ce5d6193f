package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.risk.PaymentRisk;
import ai.mirroros.licensing.risk.RiskHold;
import ai.mirroros.licensing.risk.RiskHolds;
import ai.mirroros.licensing.risk.RiskReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code licensing risk …} (admin): the payout holds placed by payment risk scores, and releasing them. */
@Command(name = "risk", mixinStandardHelpOptions = true,
        description = {"Fraud risk (admin): every payment is scored 0-100 when it is posted; a score at or above "
                + "the threshold (serve --risk-hold-threshold, env LICENSING_RISK_HOLD_THRESHOLD, default 70) holds "
                + "the vault's payouts until released here. Rules and weights: docs/RISK.md.",
                "Every hold placed and released is written to the activity log."},
        subcommands = {RiskCommand.Holds.class, RiskCommand.Release.class, RiskCommand.Show.class})
final class RiskCommand extends CommandGroup {

    abstract static class RiskSubcommand extends StoreCommand {
    }

    @Command(name = "holds", mixinStandardHelpOptions = true,
            description = "Active risk holds, oldest first: vault, score, the payment that placed it, the reasons.")
    static final class Holds extends RiskSubcommand {
        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws JsonProcessingException {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                List<RiskHold> holds = app.risk().active();
                PrintWriter out = out();
                if (json) {
                    out.println(app.json().writeValueAsString(holds.stream().map(RiskCommand::toJson).toList()));
                    return 0;
                }
                if (holds.isEmpty()) {
                    out.println("no active risk holds");
                    return 0;
                }
                for (RiskHold hold : holds) {
                    out.printf("%s  score %d  held since %s  payment %s%n", hold.vaultId(), hold.score(),
                            hold.placedAt(), hold.sourceId());
                    printReasons(out, hold.reasons());
                }
                if (holds.size() == RiskHolds.LIST_MAX) {
                    out.println("(only the first " + RiskHolds.LIST_MAX + " holds are listed)");
                }
            }
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Lift a vault's risk hold; its next payout run pays it again (if nothing else blocks).")
    static final class Release extends RiskSubcommand {
        @Parameters(paramLabel = "VAULT", description = "The held vault's id.")
        String vaultId;

        @Option(names = "--note", paramLabel = "TEXT", required = true,
                description = "Why the hold is lifted (required; kept with the hold and in the activity log).")
        String note;

        @Mixin
        PartnersCommand.OperatorOption operator;

        @Override
        public Integer call() {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                RiskHold released = app.risk().release(vaultId, note, operator.by());
                out().printf("%s: risk hold released by %s (was: score %d on payment %s)%n", released.vaultId(),
                        released.released().orElseThrow().by(), released.score(), released.sourceId());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A payment's risk score and the reasons behind it (by source id or any Stripe id of it).")
    static final class Show extends RiskSubcommand {
        @Parameters(paramLabel = "PAYMENT_ID", description = "The payment's source id, payment intent or charge id.")
        String paymentId;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws JsonProcessingException {
            try (LicensingApp app = store.openApp(Clock.systemUTC())) {
                PaymentRisk risk = app.risk().payment(paymentId).orElseThrow(() -> new LicensingException(
                        "unknown_payment", "no scored payment '" + paymentId + "' (payments posted before risk "
                        + "scoring existed have no score)"));
                PrintWriter out = out();
                if (json) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("payment", risk.sourceId());
                    body.put("vault", risk.vaultId());
                    body.put("occurredAt", risk.occurredAt().toString());
                    body.put("score", risk.risk().score());
                    body.put("threshold", risk.threshold());
                    body.put("atOrAboveThreshold", risk.atOrAboveThreshold());
                    body.put("reasons", risk.risk().reasons().stream().map(RiskCommand::toJson).toList());
                    out.println(app.json().writeValueAsString(body));
                    return 0;
                }
                out.printf("%s (vault %s, %s): score %d, threshold %d%s%n", risk.sourceId(), risk.vaultId(),
                        risk.occurredAt(), risk.risk().score(), risk.threshold(),
                        risk.atOrAboveThreshold() ? " - at or above: holds the vault's payouts" : "");
                if (risk.risk().reasons().isEmpty()) {
                    out.println("  no rule fired");
                }
                printReasons(out, risk.risk().reasons());
            }
            return 0;
        }
    }

    private static void printReasons(PrintWriter out, List<RiskReason> reasons) {
        for (RiskReason reason : reasons) {
            out.printf("  +%-3d %-24s %s%n", reason.points(), reason.rule(), reason.detail());
        }
    }

    private static Map<String, Object> toJson(RiskHold hold) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("holdId", hold.holdId());
        json.put("vault", hold.vaultId());
        json.put("placedAt", hold.placedAt().toString());
        json.put("payment", hold.sourceId());
        json.put("score", hold.score());
        json.put("summary", hold.summary());
        json.put("reasons", hold.reasons().stream().map(RiskCommand::toJson).toList());
        return json;
    }

    private static Map<String, Object> toJson(RiskReason reason) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rule", reason.rule());
        json.put("points", reason.points());
        json.put("detail", reason.detail());
        return json;
    }
}
