package ai.mirroros.licensing.reports;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.payout.Payee;
import ai.mirroros.licensing.payout.PayeeStore;
import ai.mirroros.licensing.store.Database;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Builds the year's {@link Form1099KReport} from the journal: the payment entries of the calendar year (UTC), per
 * vault, in USD. A payee is "US" when its tax profile's country is US, or, without a profile, when its payout
 * account (payee table) is in the US. Checked on the way out against the payment table's gross column.
 */
public final class Form1099KReports {
    static final String US = "US";
    private final Database database;
    private final PayeeIdentities identities;

    /** Progress of the per-payee part of a run (identity lookups, which decrypt). */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void payees(long total) {
        }

        default void payeeDone() {
        }
    }

    public Form1099KReports(Database database, PayeeIdentities identities) {
        this.database = Objects.requireNonNull(database, "database");
        this.identities = Objects.requireNonNull(identities, "identities");
    }

    public Form1099KReport build(int year, Threshold threshold, Filer filer, Progress progress) {
        ReportPeriod period = ReportPeriod.year(year);
        return database.jdbi().inTransaction(handle -> build(handle, period, threshold, filer, progress));
    }

    private record Sums(long[] months, long[] transactions) {
        Sums() {
            this(new long[12], new long[1]);
        }
    }

    private Form1099KReport build(Handle handle, ReportPeriod period, Threshold threshold, Filer filer,
                                  Progress progress) {
        Map<String, Sums> usd = new TreeMap<>();
        Map<String, Map<String, Long>> otherCurrencies = new HashMap<>();
        LedgerPeriod.scan(handle, period, entry -> {
            if (entry.category() != EntryCategory.PAYMENT || entry.vaultId().isEmpty()) {
                return;
            }
            String vault = entry.vaultId().get();
            if (!entry.currency().equals(CurrencyUnit.USD)) {
                otherCurrencies.computeIfAbsent(vault, v -> new TreeMap<>())
                        .merge(entry.currency().code(), 1L, Long::sum);
                return;
            }
            Sums sums = usd.computeIfAbsent(vault, v -> new Sums());
            int month = entry.occurredAt().atZone(ZoneOffset.UTC).getMonthValue() - 1;
            // Gross as the customer paid it: what reached the Stripe balance plus what Stripe kept.
            sums.months()[month] = Math.addExact(sums.months()[month],
                    entry.sum(Side.CLEARING) + entry.sum(Side.FEES));
            sums.transactions()[0]++;
        });
        Map<String, Payee> payees = PayeeStore.byIds(handle, usd.keySet());
        List<Form1099K> forms = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        filer.missing().forEach(field -> warnings.add("filer " + field + " is not configured"));
        progress.payees(usd.size());
        for (Map.Entry<String, Sums> e : usd.entrySet()) {
            String payeeId = e.getKey();
            Optional<PayeeIdentity> identity = identities.find(payeeId);
            String country = identity.map(PayeeIdentity::country)
                    .or(() -> Optional.ofNullable(payees.get(payeeId)).flatMap(Payee::country))
                    .map(c -> c.toUpperCase(Locale.ROOT)).orElse("");
            progress.payeeDone();
            if (country.isEmpty()) {
                // Not onboarded and no tax profile: nobody knows whether it is a US person; say so, do not guess.
                warnings.add(payeeId + ": has USD payments but no country (no payout account, no tax profile); not "
                        + "on any form until it is onboarded");
                continue;
            }
            if (!US.equals(country)) {
                continue;
            }
            Sums sums = e.getValue();
            List<Long> months = new ArrayList<>(12);
            for (long m : sums.months()) {
                months.add(m);
            }
            long gross = months.stream().mapToLong(Long::longValue).sum();
            boolean reportable = threshold.reportable(gross, sums.transactions()[0]);
            forms.add(new Form1099K(period.startYear(), payeeId, identity, country, months, sums.transactions()[0],
                    reportable, Form1099K.warningsFor(identity)));
            Map<String, Long> other = otherCurrencies.get(payeeId);
            if (other != null) {
                warnings.add(payeeId + ": payments in " + other + " are not on the form (1099-K reports USD)");
            }
        }
        Form1099KTieOut.check(handle, period, forms);
        return new Form1099KReport(period.startYear(), filer, threshold, forms, warnings);
    }
}
