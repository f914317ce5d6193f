package ai.mirroros.licensing.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mirroros.licensing.LicensingApp;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.revenue.PaymentEvent;
import ai.mirroros.licensing.revenue.PaymentOrigin;
import ai.mirroros.licensing.store.Database;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import ai.mirroros.licensing.store.TestDatabases;
import ai.mirroros.licensing.vault.VaultRegistryFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partner earnings per calendar month and stream: each payment in its UTC month and its stream, months without
 * payments as zeros, whatever time zone the JVM (and so the database session) runs in.
 */
class MonthsByStreamTest extends DatabaseTestSupport {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final String VAULT = "agency-fork.sig";
    private static final Instant FROM = Instant.parse("2026-08-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

    @ParameterizedTest(name = "JVM time zone {0}")
    @ValueSource(strings = {"UTC", "Pacific/Kiritimati", "America/Los_Angeles"})
    void eachPaymentCountsInItsUtcMonthAndStream(String zone) {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        // A database opened now: the drivers take the session's time zone from the JVM's when connecting.
        try (TestDatabases.TestDatabase database = TestDatabases.fresh(kind)) {
            LicensingApp app = history(database.database());

            AnalyticsReport report = app.analytics().report(VAULT, FROM, TO);

            Map<YearMonth, Map<Stream, Money>> months = new LinkedHashMap<>();
            report.monthsByStream().forEach(m -> months.put(m.month(), m.partnerEarnings()));
            assertThat(months.keySet()).containsExactly(YearMonth.of(2026, 8), YearMonth.of(2026, 9),
                    YearMonth.of(2026, 10));
            assertThat(months.get(YearMonth.of(2026, 8))).as("no payments in August: zeros, every stream")
                    .isEqualTo(streams(Money.zero(USD), Money.zero(USD), Money.zero(USD), Money.zero(USD)));
            assertThat(months.get(YearMonth.of(2026, 9))).as("the last millisecond of September is September's")
                    .isEqualTo(streams(share(app, "sep-last"), Money.zero(USD), Money.zero(USD), Money.zero(USD)));
            assertThat(months.get(YearMonth.of(2026, 10))).isEqualTo(streams(share(app, "oct-first"),
                    share(app, "oct-hosting"), share(app, "oct-loop").plus(share(app, "oct-fork")),
                    share(app, "oct-manual")));
            assertThat(report.streams().get(Stream.EXPORTS).partnerEarnings())
                    .isEqualTo(share(app, "oct-loop").plus(share(app, "oct-fork")));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    private static LicensingApp history(Database database) {
        LicensingApp app = LicensingApp.over(database, Clock.fixed(TO, ZoneOffset.UTC));
        app.vaults().importVaults(VaultRegistryFile.load(Path.of("examples/licensed-vaults.json")).values(),
                Instant.parse("2026-01-01T00:00:00Z"));
        pay(app, "before", "template", "2026-07-31T23:59:59.999Z");
        pay(app, "sep-last", "template", "2026-09-30T23:59:59.999Z");
        pay(app, "oct-first", "template", "2026-10-01T00:00:00Z");
        pay(app, "oct-hosting", "hosted_platform", "2026-10-15T12:00:00Z");
        pay(app, "oct-loop", "loop_export", "2026-10-16T12:00:00Z");
        pay(app, "oct-fork", "platform_fork", "2026-10-17T12:00:00Z");
        app.payments().post(new PaymentEvent("oct-manual", VAULT, Money.parse("75.00", USD), Optional.empty(),
                Instant.parse("2026-10-31T23:59:59.999Z")));
        pay(app, "after", "template", "2026-11-01T00:00:00Z");
        return app;
    }

    private static void pay(LicensingApp app, String id, String productType, String at) {
        app.payments().post(new PaymentEvent(id, VAULT, Money.parse("120.00", USD), Optional.empty(),
                Instant.parse(at), new PaymentOrigin(List.of("pi_" + id), Optional.of(productType),
                        Map.of(PaymentOrigin.VAULT_ID, VAULT, PaymentOrigin.PRODUCT_TYPE, productType),
                        Optional.empty(), Optional.empty())));
    }

    private static Money share(LicensingApp app, String sourceId) {
        return app.payments().find(sourceId).orElseThrow().split().partnerPayout();
    }

    private static Map<Stream, Money> streams(Money templates, Money hosting, Money exports, Money other) {
        Map<Stream, Money> streams = new EnumMap<>(Stream.class);
        streams.put(Stream.TEMPLATES, templates);
        streams.put(Stream.HOSTING, hosting);
        streams.put(Stream.EXPORTS, exports);
        streams.put(Stream.OTHER, other);
        return streams;
    }
}
