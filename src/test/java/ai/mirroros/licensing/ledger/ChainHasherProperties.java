package ai.mirroros.licensing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ChainHasherProperties {

    @Property
    void instantsPrintExactlyLikeInstantToString(@ForAll("instants") Instant instant) {
        assertThat(ChainHasher.formatInstant(instant)).isEqualTo(instant.toString());
    }

    /**
     * The hash is the spec's definition computed independently: SHA-256 of prevHash, a newline and the canonical
     * JSON (via {@link CanonicalJson}, UTF-8 via the JDK) of the entry's fields.
     */
    @Property(tries = 300)
    void hashIsSha256OfPrevHashNewlineAndTheCanonicalEntry(
            @ForAll @LongRange(min = 1, max = 10_000_000) long n, @ForAll("ids") Optional<String> vaultId,
            @ForAll("ids") Optional<String> sourceId) throws Exception {
        ActivityRecord record = ActivityFixtures.record(n);
        Instant recordedAt = ActivityFixtures.CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String prevHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Long.toString(n).getBytes(StandardCharsets.UTF_8)));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", n);
        fields.put("type", record.type());
        fields.put("vaultId", vaultId.orElse(null));
        fields.put("sourceId", sourceId.orElse(null));
        fields.put("occurredAt", record.occurredAt().toString());
        fields.put("recordedAt", recordedAt.toString());
        fields.put("payload", record.payload().toObjectNode());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                (prevHash + "\n" + CanonicalJson.of(fields).text()).getBytes(StandardCharsets.UTF_8)));

        String actual = new ChainHasher().hash(n, record.occurredAt(), recordedAt, record.type(), vaultId, sourceId,
                record.payload().text(), prevHash);

        assertThat(actual).isEqualTo(expected);
    }

    @Example
    void theHashedTextIsPrevHashNewlineAndTheSortedCompactEntry() throws Exception {
        ChainHasher hasher = new ChainHasher();
        hasher.compute(7, Instant.parse("2025-01-02T03:04:05.000006Z"), Instant.parse("2025-01-02T03:04:06Z"),
                "payment.split", Optional.of("v1"), Optional.empty(), "{\"amount\":\"1.00\"}", ChainHead.GENESIS_HASH);

        String text = ChainHead.GENESIS_HASH + "\n"
                + "{\"occurredAt\":\"2025-01-02T03:04:05.000006Z\",\"payload\":{\"amount\":\"1.00\"},"
                + "\"recordedAt\":\"2025-01-02T03:04:06Z\",\"seq\":7,\"sourceId\":null,\"type\":\"payment.split\","
                + "\"vaultId\":\"v1\"}";
        assertThat(hasher.hex()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))));
        assertThat(hasher.matches(hasher.hex())).isTrue();
        assertThat(hasher.matches(hasher.hex().toUpperCase())).isFalse();
    }

    @Example
    void stringsThatNeedEscapingAndPayloadsWithQuestionMarksHashByTheSameDefinition() throws Exception {
        String payload = "{\"q\":\"why?\",\"s\":\"é \uD83D\uDE00\"}";
        String type = "a.b";
        Optional<String> vault = Optional.of("v \"x\" \\ é");
        Instant t = Instant.EPOCH;

        String actual = new ChainHasher().hash(3, t, t, type, vault, Optional.empty(), payload, "p");

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", 3);
        fields.put("occurredAt", t.toString());
        fields.put("recordedAt", t.toString());
        fields.put("type", type);
        fields.put("vaultId", vault.get());
        fields.put("sourceId", null);
        fields.put("payload", CanonicalJson.parseObject(payload).toObjectNode());
        String text = "p\n" + CanonicalJson.of(fields).text();
        assertThat(actual).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Example
    void loneSurrogatesInTamperedTextDoNotCollideWithQuestionMarks() {
        ChainHasher hasher = new ChainHasher();
        Instant t = Instant.EPOCH;
        String withQuestionMark = hasher.hash(1, t, t, "a.b", Optional.of("v?"), Optional.empty(), "{}", "");
        String withSurrogate = hasher.hash(1, t, t, "a.b", Optional.of("v\uD800"), Optional.empty(), "{}", "");
        String payloadWithQuestionMark = hasher.hash(1, t, t, "a.b", Optional.empty(), Optional.empty(),
                "{\"a\":\"?\"}", "");
        String payloadWithSurrogate = hasher.hash(1, t, t, "a.b", Optional.empty(), Optional.empty(),
                "{\"a\":\"\uDC00\"}", "");

        assertThat(withSurrogate).isNotEqualTo(withQuestionMark);
        assertThat(payloadWithSurrogate).isNotEqualTo(payloadWithQuestionMark);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .edgeCases(config -> config.add(-62_167_219_200L, -62_167_219_201L, 253_402_300_799L, 253_402_300_800L,
                        0L, -1L, 951_782_400L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<Long> recentSeconds = Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L);
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond),
                net.jqwik.api.Combinators.combine(recentSeconds, nanos).as(Instant::ofEpochSecond));
    }

    @Provide
    Arbitrary<Optional<String>> ids() {
        return Arbitraries.strings().withCharRange('!', '~').withChars('é', '中').ofMinLength(1).ofMaxLength(20)
                .optional();
    }
}
