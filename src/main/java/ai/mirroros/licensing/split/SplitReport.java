package ai.mirroros.licensing.split;

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

    public static String partyKind(Party party) {
        return switch (party) {
            case Party.ProcessingFee fee -> "processing_fee";
            case Party.Partner partner -> "partner";
            case Party.Referrer referrer -> "referrer";
            case Party.Master master -> "master";
        };
    }
}
