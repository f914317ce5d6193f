package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.Allocation;
import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.FeeBearer;
import ai.mirroros.licensing.vault.FeeSchedule;
import ai.mirroros.licensing.vault.LoyaltyBonus;
import ai.mirroros.licensing.vault.RevenueSharing;
import ai.mirroros.licensing.vault.VolumeBonus;
import java.util.List;

/**
 * Splits one payment between the processor, the partner vault, its referrers and the master vault, by the vault's
 * revenue-sharing terms in force. A pure function: the same request always gives the same {@link SplitResult}, whose
 * lines sum to the gross exactly and are never negative.
 *
 * <p>The rules, in order: the fee is Stripe's actual fee or the schedule's estimate; the partner rate is the share
 * plus earned bonuses (bonuses within the ceiling, the rate within 100 %); the base is the net when the fee is
 * shared and the gross otherwise; the base is allocated partner/master by largest remainder (a tie goes to the
 * partner); the fee bearer pays the fee, any excess over its share moving to the other party; referrer commissions
 * are paid out of what is left of the master share, never out of the partner's.
 */
public final class SplitEngine {
    /**
     * The largest gross one split accepts, in minor units (10^12 USD). It keeps amount × basis points (at most
     * 10^4) below 2^63, so every rate computation is exact with no overflow path, while staying far above any single
     * card payment (Stripe caps one charge at 999,999.99 USD).
     */
    public static final long MAX_GROSS_MINOR = 100_000_000_000_000L;

    private static final int FULL = Percentage.FULL_BASIS_POINTS;
    private static final String ACTUAL_FEE_NOTE = "actual fee reported by Stripe";
    private static final String COMMISSION_NOTE = "commission on the base, out of the master share";
    private static final String CAPPED = "capped: master share exhausted";

    private SplitEngine() {
    }

    /** Splits one payment; throws {@link SplitException} when the request cannot be split. */
    public static SplitResult split(SplitRequest request) {
        Money gross = request.gross();
        RevenueSharing sharing = request.vault().revenueSharing();
        requireValidGross(gross);
        requireValidTerms(sharing);
        Fee fee = request.actualFee().isPresent()
                ? actualFee(gross, request.actualFee().get())
                : scheduledFee(gross, sharing.processingFee());
        Money net = gross.minus(fee.amount());
        PartnerRate rate = PartnerRate.of(sharing, request.bonusState());
        Money base = switch (sharing.feeBearer()) {
            case SHARED -> net;
            case PLATFORM, PARTNER -> gross;
        };
        // Partner listed first so that Allocation gives it a tie on the last minor unit.
        long[] parts = Allocation.allocate(base.amountMinor(), rate.basisPoints(), FULL - rate.basisPoints());
        Shares shares = bearFee(sharing.feeBearer(), parts[0], parts[1], fee.amount().amountMinor(),
                gross.currency());

        int levels = payableLevels(sharing, request.referrerChain().size());
        SplitLine[] lines = new SplitLine[levels + 3];
        lines[0] = new SplitLine(Party.ProcessingFee.STRIPE, fee.amount(), fee.provenance());
        lines[1] = new SplitLine(new Party.Partner(request.vault().vaultId()),
                Money.ofMinor(shares.partnerMinor(), gross.currency()),
                new Provenance(Provenance.PARTNER_SHARE, Percentage.ofBasisPoints(rate.basisPoints()), base,
                        rate.note() + shares.partnerNote()));
        long masterMinor = payReferrers(lines, request, base, shares.masterMinor(), levels);
        lines[levels + 2] = new SplitLine(Party.Master.PLATFORM, Money.ofMinor(masterMinor, gross.currency()),
                new Provenance(Provenance.MASTER_REMAINDER, Percentage.ofBasisPoints(FULL - rate.basisPoints()),
                        base, shares.masterNote()));
        // SplitResult refuses lines that do not sum to the gross or are negative: a programmer error, never input.
        return new SplitResult(gross, fee.amount(), net, fee.source(), List.of(lines));
    }

    private record Fee(Money amount, FeeSource source, Provenance provenance) {
    }

    /** The partner's and master's amounts after the fee bearer paid the fee, with what the notes must say. */
    private record Shares(long partnerMinor, long masterMinor, String partnerNote, String masterNote) {
    }

    private static Fee actualFee(Money gross, Money fee) {
        if (!fee.currency().equals(gross.currency())) {
            throw new SplitException("processing fee is in " + fee.currency() + " but the gross is in "
                    + gross.currency() + "; the fee must be in the payment's currency");
        }
        if (fee.isNegative()) {
            throw new SplitException("processing fee must not be negative, got " + fee);
        }
        if (fee.isGreaterThan(gross)) {
            throw new SplitException("processing fee " + fee + " exceeds the gross " + gross);
        }
        return new Fee(fee, FeeSource.ACTUAL,
                new Provenance(Provenance.STRIPE_ACTUAL_FEE, Percentage.ZERO, gross, ACTUAL_FEE_NOTE));
    }

    private static Fee scheduledFee(Money gross, FeeSchedule schedule) {
        requireRate("revenueSharing.processingFee.percentage", schedule.percentage());
        Money fixed = schedule.fixed();
        StringBuilder note = new StringBuilder(96).append("estimate from the fee schedule (");
        Notes.appendPercent(note, schedule.percentage().basisPoints());
        if (fixed.currency().equals(gross.currency())) {
            Notes.appendAmount(note.append(" + "), fixed.amountMinor(), fixed.currency());
        } else if (!fixed.isZero()) {
            // FeeSchedule.feeFor drops a fixed part in another currency; say so rather than let it pass unseen.
            Notes.appendAmount(note.append("; fixed part "), fixed.amountMinor(), fixed.currency())
                    .append(" ignored for a ").append(gross.currency().code()).append(" payment");
        }
        note.append("); the actual Stripe fee replaces it when known");
        return new Fee(schedule.feeFor(gross), FeeSource.SCHEDULE,
                new Provenance(Provenance.FEE_SCHEDULE, schedule.percentage(), gross, note.toString()));
    }

    private static Shares bearFee(FeeBearer bearer, long partner, long master, long fee, CurrencyUnit currency) {
        return switch (bearer) {
            case SHARED -> new Shares(partner, master, "; fee shared: the net is split",
                    "master share of the net, less referrer commissions");
            case PLATFORM -> {
                if (fee <= master) {
                    yield new Shares(partner, master - fee, "; the platform bears the fee",
                            "master share of the gross, less the processing fee and referrer commissions");
                }
                String excess = Notes.amount(fee - master, currency);
                yield new Shares(partner - (fee - master), 0,
                        "; absorbs " + excess + " of the fee: it exceeded the master share",
                        "master share of the gross, all of it spent on the processing fee; the fee exceeded it by "
                                + excess + ", which the partner absorbs");
            }
            case PARTNER -> {
                if (fee <= partner) {
                    yield new Shares(partner - fee, master, "; less the whole processing fee (the partner bears it)",
                            "master share of the gross, less referrer commissions; the partner bears the fee");
                }
                String excess = Notes.amount(fee - partner, currency);
                yield new Shares(0, master - (fee - partner),
                        "; all of it spent on the processing fee; the fee exceeded it by " + excess
                                + ", which the master absorbs",
                        "master share of the gross, less " + excess
                                + " of the fee that exceeded the partner share, less referrer commissions");
            }
        };
    }

    /**
     * Writes the referrer lines into {@code lines[2..levels+1]} and returns what is left of the master share. A
     * level's rate is its configured rate plus its referrer's volume bonus; a referrer whose programme is off is
     * listed with nothing paid. Each commission is capped at what is left of the master share, so the master line
     * never goes negative and the partner line is never touched, whatever the bonuses.
     */
    private static long payReferrers(SplitLine[] lines, SplitRequest request, Money base, long masterMinor,
            int levels) {
        List<String> chain = request.referrerChain();
        RevenueSharing sharing = request.vault().revenueSharing();
        long left = masterMinor;
        for (int level = 1; level <= levels; level++) {
            String vaultId = chain.get(level - 1);
            if (vaultId.isBlank()) {
                throw new SplitException("referrer chain entry " + level + " is blank; expected a vault id");
            }
            Party.Referrer party = new Party.Referrer(level, vaultId);
            ReferrerState state = request.referrers().get(vaultId);
            if (state != null && !state.programmeOn()) {
                lines[level + 1] = new SplitLine(party, Money.zero(base.currency()),
                        new Provenance(Provenance.REFERRER_COMMISSION, Percentage.ZERO, base,
                                ReferrerState.PROGRAMME_OFF_NOTE));
                continue;
            }
            int configured = sharing.referrerRate(level).basisPoints();
            // A level configured at 0 % is not paid, bonus or not: the bonus raises a commission, it creates none.
            int bonus = state == null || configured == 0 ? 0 : state.volumeBonus().basisPoints();
            int rate = Math.min(FULL, configured + bonus);
            long uncapped = base.percentOf(rate).amountMinor();
            long paid = Math.min(uncapped, left);
            String note = COMMISSION_NOTE;
            if (paid < uncapped) {
                String uncappedText = Notes.amount(uncapped, base.currency());
                note = left == 0
                        ? CAPPED + " before this level; nothing left to pay (uncapped " + uncappedText + ")"
                        : CAPPED + " (uncapped " + uncappedText + ", paid the remaining "
                                + Notes.amount(paid, base.currency()) + ")";
            }
            if (bonus > 0) {
                note = bonusNote(new StringBuilder(160).append(note), bonus, configured + bonus > FULL, state);
            }
            left -= paid;
            lines[level + 1] = new SplitLine(party, Money.ofMinor(paid, base.currency()),
                    new Provenance(Provenance.REFERRER_COMMISSION, Percentage.ofBasisPoints(rate), base, note));
        }
        return left;
    }

    /** "…, incl. +1% volume bonus (referred revenue 12000.00 USD over the last 30 days)". */
    private static String bonusNote(StringBuilder note, int bonus, boolean cappedAtFull, ReferrerState state) {
        Notes.appendPercent(note.append(", incl. +"), bonus).append(" volume bonus (referred revenue ");
        Money revenue = state.referredRevenue();
        Notes.appendAmount(note, revenue.amountMinor(), revenue.currency()).append(" over the last ")
                .append(state.windowDays()).append(" days)");
        if (cappedAtFull) {
            note.append("; rate capped at 100%");
        }
        return note.toString();
    }

    /** Levels beyond the chain, the maximum depth or the configured rates are not paid and not listed. */
    private static int payableLevels(RevenueSharing sharing, int chainSize) {
        return Math.max(0, Math.min(chainSize, Math.min(sharing.maxReferralDepth(), sharing.referrerShare().size())));
    }

    private static void requireValidGross(Money gross) {
        if (gross.isNegative()) {
            throw new SplitException("gross must not be negative, got " + gross);
        }
        if (gross.amountMinor() > MAX_GROSS_MINOR) {
            throw new SplitException("gross " + gross + " exceeds the largest payment one split accepts ("
                    + Notes.amount(MAX_GROSS_MINOR, gross.currency()) + ")");
        }
    }

    /**
     * The registry validates terms when a vault is saved; checked again here because the split's arithmetic relies
     * on every rate being within 0..100 %.
     */
    private static void requireValidTerms(RevenueSharing sharing) {
        requireRate("revenueSharing.partnerShare", sharing.partnerShare());
        List<Percentage> referrerRates = sharing.referrerShare();
        for (int i = 0; i < referrerRates.size(); i++) {
            Percentage rate = referrerRates.get(i);
            if (rate.basisPoints() < 0 || rate.basisPoints() > FULL) {
                requireRate("revenueSharing.referrerShare[" + i + "]", rate);
            }
        }
        if (sharing.volumeBonus().isPresent()) {
            VolumeBonus volume = sharing.volumeBonus().get();
            requireRate("revenueSharing.volumeBonus.bonusPercentage", volume.bonusPercentage());
        }
        if (sharing.loyaltyBonus().isPresent()) {
            LoyaltyBonus loyalty = sharing.loyaltyBonus().get();
            requireRate("revenueSharing.loyaltyBonus.bonusPercentage", loyalty.bonusPercentage());
        }
        if (sharing.bonusCeiling().isNegative()) {
            throw new SplitException("revenueSharing.bonusCeiling is " + sharing.bonusCeiling()
                    + "; it must not be negative");
        }
    }

    private static void requireRate(String field, Percentage rate) {
        if (rate.basisPoints() < 0 || rate.basisPoints() > FULL) {
            throw new SplitException(field + " is " + rate + "; it must be between 0% and 100%");
        }
    }
}
