package ai.mirroros.licensing.cli;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.LicensingException;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.BonusStates;
import ai.mirroros.licensing.revenue.SettlementCurrency;
import ai.mirroros.licensing.split.BonusState;
import ai.mirroros.licensing.split.SplitEngine;
import ai.mirroros.licensing.split.SplitLine;
import ai.mirroros.licensing.split.SplitReport;
import ai.mirroros.licensing.split.SplitRequest;
import ai.mirroros.licensing.split.SplitResult;
import ai.mirroros.licensing.vault.LicensedVault;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code licensing split}: computes a split without posting anything. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Compute how a payment would be split (fee, partner, referrers, master) without posting it.")
final class SplitCommand extends TimedDatabaseCommand {
    @Mixin
    PaymentOptions payment;

    @Option(names = "--registry", paramLabel = "FILE", description = "Read the vault from this registry file "
            + "instead of the database (no database is opened; volume bonus revenue counts as zero).")
    Path registry;

    @Option(names = "--json", description = "Print JSON with the seed's field names (grossAmount, "
            + "stripeProcessingFee, netAmount, partnerPayout, masterPayout, referrerPayout) and the lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Money grossAmount = payment.grossAmount();
        Optional<Money> actualFee = payment.actualFee();
        String vaultId = payment.vaultId;
        Instant at = asOf.clock().instant();
        SplitResult result;
        LicensedVault vault;
        if (registry != null) {
            vault = VaultRegistryFile.load(registry).get(vaultId);
            if (vault == null) {
                throw new LicensingException("unknown_vault", "vault '" + vaultId + "' is not in " + registry);
            }
            BonusState bonus = new BonusState(Money.zero(vault.settlementCurrency()),
                    BonusStates.monthsLicensed(vault, at));
            result = SplitEngine.split(request(grossAmount, actualFee, vault, bonus));
        } else {
            try (LicensingApp app = store.openApp(asOf.clock())) {
                vault = app.vaults().require(vaultId, at);
                BonusState bonus = app.payments().bonusState(vault, at);
                result = SplitEngine.split(request(grossAmount, actualFee, vault, bonus));
            }
        }
        print(vault, result);
        return 0;
    }

    private static SplitRequest request(Money gross, Optional<Money> fee, LicensedVault vault, BonusState bonus) {
        SettlementCurrency.require(vault, gross);
        SplitRequest request = SplitRequest.of(gross, vault, bonus);
        return fee.map(request::withActualFee).orElse(request);
    }

    private void print(LicensedVault vault, SplitResult result) throws Exception {
        PrintWriter out = out();
        if (json) {
            out.println(LicensingApp.newObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(SplitReport.toMap(result)));
            return;
        }
        out.printf("split of %s for %s (%s, fee borne: %s)%n", result.gross(), vault.vaultId(),
                vault.licenseType().wireName(), vault.revenueSharing().feeBearer().name().toLowerCase());
        for (SplitLine line : result.lines()) {
            String note = line.provenance().note().isEmpty() ? "" : "  — " + line.provenance().note();
            out.printf("  %-16s %-24s %14s  %s %s of %s%s%n", SplitReport.partyKind(line.party()), line.partyId(),
                    line.amount().toDecimalString(), line.provenance().rule(), line.provenance().rate(),
                    line.provenance().base().toDecimalString(), note);
        }
        out.printf("  net %s, partner %s, master %s, referrers %s%n", result.net().toDecimalString(),
                result.partnerPayout().toDecimalString(), result.masterPayout().toDecimalString(),
                result.referrerPayout().toDecimalString());
    }
}
