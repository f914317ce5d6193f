package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A split as the seed prints it: {@code grossAmount, stripeProcessingFee, netAmount, partnerPayout, masterPayout,
 * referrerPayout} as decimal strings, plus the currency and one entry per line with its provenance. Plain maps and
 * lists so that every edge (CLI, HTTP, activity log) serialises the same shape.
 */
public final class SplitReport {
    private SplitReport() {
    }

    public static Map<String, Object> toMap(SplitResult split) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("currency", split.gross().currency().code());
        map.put("grossAmount", split.gross().toDecimalString());
        map.put("stripeProcessingFee", split.fee().toDecimalString());
        map.put("netAmount", split.net().toDecimalString());
        map.put("partnerPayout", split.partnerPayout().toDecimalString());
        map.put("masterPayout", split.masterPayout().toDecimalString());
        map.put("referrerPayout", split.referrerPayout().toDecimalString());
        map.put("feeSource", split.feeSource().name().toLowerCase(java.util.Locale.ROOT));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (SplitLine line : split.lines()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("party", partyKind(line.party()));
            entry.put("partyId", line.partyId());
            if (line.party() instanceof Party.Referrer referrer) {
                entry.put("level", referrer.level());
            }
            entry.put("amount", line.amount().toDecimalString());
            entry.put("rule", line.provenance().rule());
            entry.put("rate", line.provenance().rate().toDecimal().toPlainString());
            entry.put("base", line.provenance().base().toDecimalString());
            if (!line.provenance().note().isEmpty()) {
                entry.put("note", line.provenance().note());
            }
            lines.add(entry);
        }
        map.put("lines", lines);
        return map;
    }

    /**
     * Reads back what {@link #toMap} wrote (e.g. from a stored payment), so a posted split is never recomputed
     * under facts that may have changed since. The result's constructor re-checks that the lines balance.
     */
    public static SplitResult fromMap(Map<String, ?> map) {
        CurrencyUnit currency = CurrencyUnit.of(text(map, "currency"));
        Money gross = Money.parse(text(map, "grossAmount"), currency);
        Money fee = Money.parse(text(map, "stripeProcessingFee"), currency);
        Money net = Money.parse(text(map, "netAmount"), currency);
        FeeSource feeSource = FeeSource.valueOf(text(map, "feeSource").toUpperCase(java.util.Locale.ROOT));
        List<SplitLine> lines = new ArrayList<>();
        for (Object item : (List<?>) map.get("lines")) {
            Map<?, ?> line = (Map<?, ?>) item;
            String partyId = text(line, "partyId");
            Party party = switch (text(line, "party")) {
                case "processing_fee" -> new Party.ProcessingFee(partyId);
                case "partner" -> new Party.Partner(partyId);
                case "referrer" -> new Party.Referrer(((Number) line.get("level")).intValue(), partyId);
                case "master" -> new Party.Master(partyId);
                default -> throw new IllegalArgumentException("unknown party kind in stored split: " + line);
            };
            Object note = line.get("note");
            lines.add(new SplitLine(party, Money.parse(text(line, "amount"), currency),
                    new Provenance(text(line, "rule"), Percentage.parse(text(line, "rate")),
                            Money.parse(text(line, "base"), currency), note == null ? "" : note.toString())));
        }
        return new SplitResult(gross, fee, net, feeSource, lines);
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("stored split lacks '" + key + "': " + map);
        }
        return value.toString();
    }

    public static String partyKind(Party party) {
        return switch (party) {
            case Party.ProcessingFee fee -> "processing_fee";
            case Party.Partner partner -> "partner";
            case Party.Referrer referrer -> "referrer";
            case Party.Master master -> "master";
        };
    }
}
