package ai.mirroros.licensing.sensitive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.LicensingException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensitiveValuesTest {

    @Test
    void tinsAreMaskedToTheirLastFourDigitsAndFormattedForTheForm() {
        Tin ssn = Tin.parse(TinType.SSN, " 572-84-6193 ");
        Tin ein = Tin.parse(TinType.EIN, "91-4736258");
        Tin foreign = Tin.parse(TinType.FOREIGN, "de 284617395");

        assertThat(ssn.value()).isEqualTo("572846193");
        assertThat(ssn.masked()).isEqualTo("***-**-6193");
        assertThat(ssn.formatted()).isEqualTo("572-84-6193");
        assertThat(ein.masked()).isEqualTo("**-***6258");
        assertThat(ein.formatted()).isEqualTo("91-4736258");
        assertThat(foreign.value()).isEqualTo("DE284617395");
        assertThat(foreign.masked()).isEqualTo("*******7395");
    }

    @Test
    void toStringNeverShowsTheSensitiveValues() {
        for (TaxProfile profile : TaxProfileFixtures.all()) {
            String printed = profile.toString();
            for (String secret : TaxProfileFixtures.secrets()) {
                if (secret.length() > 4) {
                    assertThat(printed).as(profile.payeeId()).doesNotContain(secret);
                }
            }
        }
        assertThat(TaxProfileFixtures.enterprise().toString()).contains("**-***6258", "Austin, TX 78701",
                "ACH routing *****0000 account *******4093");
        assertThat(TaxProfileFixtures.startup().bank().orElseThrow().toString())
                .isEqualTo("BankAccount[IBAN DE****************4931]");
    }

    @Test
    void malformedNumbersAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> Tin.parse(TinType.SSN, "572-84-619")).isInstanceOf(LicensingException.class)
                .hasMessage("an SSN has nine digits (dashes and spaces are ignored)");
        assertThatThrownBy(() -> Tin.parse(TinType.ITIN, "572846193")).hasMessage("an ITIN starts with 9");
        assertThatThrownBy(() -> BankAccount.us("12345", "83726154093")).hasMessageNotContaining("83726154093");
        assertThatThrownBy(() -> BankAccount.iban("XX12", Optional.empty())).hasMessageNotContaining("XX12");
    }

    @Test
    void aUsPersonIsOneWithAUsTinWhereverTheyLive() {
        PostalAddress berlin = new PostalAddress("Weg 1", Optional.empty(), "Berlin", "", "10115", "DE");

        assertThat(new TaxProfile("v.sig", "X", Tin.parse(TinType.SSN, "572846193"), berlin).usPerson()).isTrue();
        assertThat(TaxProfileFixtures.startup().usPerson()).isFalse();
        assertThatThrownBy(() -> new TaxProfile("v.sig", "X", TinType.EIN, Tin.parse(TinType.SSN, "572846193"),
                berlin, Optional.empty())).hasMessage("the TIN is of type ssn but the profile says ein");
    }
}
