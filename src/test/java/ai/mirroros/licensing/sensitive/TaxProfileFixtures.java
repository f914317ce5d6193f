package ai.mirroros.licensing.sensitive;

import java.util.List;
import java.util.Optional;

/** Profiles with distinctive sensitive values, so a search of the raw database for them cannot hit by chance. */
final class TaxProfileFixtures {
    static final String EIN = "914736258";
    static final String SSN = "572846193";
    static final String FOREIGN_TIN = "DE284617395";
    static final String ACCOUNT = "83726154093";
    static final String ROUTING = "110000000";
    static final String IBAN = "DE44500105175407324931";
    static final String STREET_US = "4821 Quillfeather Lane";
    static final String STREET_DE = "Zwirnmeisterweg 17";
    static final String STREET_SSN = "96 Obsidian Harbor Road";

    private TaxProfileFixtures() {
    }

    static TaxProfile enterprise() {
        return new TaxProfile("enterprise-vault.sig", "Enterprise Vault Inc.", TinType.EIN, Tin.parse(TinType.EIN,
                "91-4736258"), new PostalAddress(STREET_US, Optional.of("Floor 3"), "Austin", "TX", "78701", "US"),
                Optional.of(BankAccount.us(ROUTING, ACCOUNT)));
    }

    static TaxProfile startup() {
        return new TaxProfile("startup-vault.sig", "Startup Vault GmbH", TinType.FOREIGN,
                Tin.parse(TinType.FOREIGN, FOREIGN_TIN),
                new PostalAddress(STREET_DE, Optional.empty(), "Berlin", "", "10115", "DE"),
                Optional.of(BankAccount.iban(IBAN, Optional.of("INGDDEFFXXX"))));
    }

    static TaxProfile individual() {
        return new TaxProfile("individual-vault.sig", "Jamie Quinn", Tin.parse(TinType.SSN, "572-84-6193"),
                new PostalAddress(STREET_SSN, Optional.empty(), "Portland", "OR", "97201", "US"));
    }

    static List<TaxProfile> all() {
        return List.of(enterprise(), startup(), individual());
    }

    /** Every value that must never appear in clear outside memory. */
    static List<String> secrets() {
        return List.of(EIN, "91-4736258", SSN, "572-84-6193", FOREIGN_TIN, ACCOUNT, IBAN, STREET_US, STREET_DE,
                STREET_SSN, "6193", "6258", "4093");
    }
}
