package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.money.Percentage;
import ai.mirroros.licensing.vault.PayoutSchedule.PayoutFrequency;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules a registry must satisfy before any of it is used: shares that add up, rates and amounts in range, money
 * in the settlement currency, payout days that exist, and referrer and fork lineages that point at vaults of the same
 * registry without going round in circles. Finds every problem, not just the first.
 */
public final class RegistryValidator {
    /** Letters, digits, dot, underscore, hyphen: safe in URLs, file names and log lines. */
    public static final Pattern VAULT_ID = Pattern.compile("[A-Za-z0-9._-]+");
    public static final int VAULT_ID_CHARS_MAX = 100;
    /** Deeper referral trees pay fractions of a cent and invite pyramid schemes. */
    public static final int REFERRAL_DEPTH_MAX = 10;
    /** A chain longer than the deepest level that can be paid carries no meaning. */
    public static final int REFERRER_CHAIN_MAX = REFERRAL_DEPTH_MAX;
    /** A year: longer holds would outlast card dispute windows by far and look like withheld pay. */
    public static final int HOLDING_PERIOD_DAYS_MAX = 365;
    /** Every month has a 28th; a payout on the 31st would silently skip months. */
    public static final int PAYOUT_DAY_OF_MONTH_MAX = 28;
    public static final int VOLUME_WINDOW_DAYS_MAX = 365;
    public static final int LOYALTY_MONTHS_MAX = 120;
    /** Shares, bonuses, commission and fee rates are parts of a whole. */
    public static final Percentage RATE_MAX = Percentage.HUNDRED;
    /** A markup is not a part of a whole (cost 10, price 25 is 150 %), but 1000 % is surely a typo. */
    public static final Percentage MARKUP_MAX = Percentage.ofPercent(1_000);

    private final Map<String, LicensedVault> vaults;
    private final Set<String> registryIds;
    private final Map<String, Set<String>> failedFields;
    private final List<RegistryProblem> problems = new ArrayList<>();

    private RegistryValidator(Map<String, LicensedVault> vaults, Set<String> registryIds,
                              Map<String, Set<String>> failedFields) {
        this.vaults = vaults;
        this.registryIds = registryIds;
        this.failedFields = failedFields;
    }

    /** Every problem of a registry made of these vaults, grouped by vault id; empty when the registry is valid. */
    public static List<RegistryProblem> validate(Collection<LicensedVault> vaults) {
        Map<String, LicensedVault> byId = new TreeMap<>();
        List<RegistryProblem> duplicates = new ArrayList<>();
        for (LicensedVault vault : vaults) {
            if (byId.putIfAbsent(vault.vaultId(), vault) != null) {
                duplicates.add(new RegistryProblem(vault.vaultId(), "vaultId", "appears more than once"));
            }
        }
        List<RegistryProblem> found = new ArrayList<>(duplicates);
        found.addAll(validate(byId, byId.keySet(), Map.of()));
        found.sort(RegistryProblem.BY_VAULT);
        return List.copyOf(found);
    }

    /**
     * Validates decoded vaults. {@code registryIds} also holds ids whose vault could not be decoded at all (they still
     * count as known referrers); rules reading a path in {@code failedFields} are skipped, its problem is reported.
     */
    static List<RegistryProblem> validate(Map<String, LicensedVault> vaults, Set<String> registryIds,
                                          Map<String, Set<String>> failedFields) {
        RegistryValidator validator = new RegistryValidator(vaults, registryIds, failedFields);
        vaults.values().forEach(vault -> validator.checkVault(validator.new Check(vault)));
        validator.checkLineage();
        return List.copyOf(validator.problems);
    }

    private void checkVault(Check c) {
        checkVaultId(c);
        checkShares(c);
        checkBonuses(c);
        checkFeesAndPricing(c);
        checkMoney(c);
        checkReferrerChain(c);
        checkPayoutSchedule(c);
    }

    private void checkVaultId(Check c) {
        String id = c.vault.vaultId();
        if (id.isEmpty()) {
            c.problem("vaultId", "must not be empty");
        } else if (id.length() > VAULT_ID_CHARS_MAX) {
            c.problem("vaultId", "is " + id.length() + " characters long; at most " + VAULT_ID_CHARS_MAX);
        } else if (!VAULT_ID.matcher(id).matches()) {
            c.problem("vaultId", "may only contain letters, digits, '.', '_' and '-'");
        }
    }

    private void checkShares(Check c) {
        RevenueSharing rs = c.vault.revenueSharing();
        c.rate("revenueSharing.partnerShare", rs.partnerShare(), RATE_MAX);
        boolean referralTermsInRange = c.rate("revenueSharing.masterVaultShare", rs.masterVaultShare(), RATE_MAX);
        // In long: two absurd shares must give a problem, not an int overflow.
        long sumBasisPoints = (long) rs.partnerShare().basisPoints() + rs.masterVaultShare().basisPoints();
        if (c.usable("revenueSharing.partnerShare", "revenueSharing.masterVaultShare")
                && sumBasisPoints != Percentage.FULL_BASIS_POINTS) {
            c.problem("revenueSharing", "partnerShare " + rs.partnerShare().toDecimal() + " + masterVaultShare "
                    + rs.masterVaultShare().toDecimal() + " must sum to 100");
        }
        if (c.usable("revenueSharing.referrerShare") && rs.referrerShare().size() > REFERRAL_DEPTH_MAX) {
            c.problem("revenueSharing.referrerShare", "has " + rs.referrerShare().size() + " levels; at most "
                    + REFERRAL_DEPTH_MAX);
            referralTermsInRange = false;
        }
        for (int i = 0; i < rs.referrerShare().size(); i++) {
            referralTermsInRange &= c.rate("revenueSharing.referrerShare[" + i + "]", rs.referrerShare().get(i),
                    RATE_MAX);
        }
        referralTermsInRange &= c.range("revenueSharing.maxReferralDepth", rs.maxReferralDepth(), 0,
                REFERRAL_DEPTH_MAX, "");
        referralTermsInRange &= c.rate("revenueSharing.bonusCeiling", rs.bonusCeiling(), RATE_MAX);
        if (referralTermsInRange) {
            checkPlatformShareCoversCommissions(c, rs);
        }
    }

    /**
     * Referrer commissions and bonuses are paid out of the platform's share, never the partner's (see
     * {@link RevenueSharing}); if their most could exceed it, some split would have to take money from nobody.
     */
    private void checkPlatformShareCoversCommissions(Check c, RevenueSharing rs) {
        if (!c.usable("revenueSharing.referrerShare", "revenueSharing.maxReferralDepth",
                "revenueSharing.bonusCeiling", "revenueSharing.masterVaultShare")) {
            return;
        }
        List<Percentage> paid = rs.referrerShare().subList(0, Math.min(rs.maxReferralDepth(),
                rs.referrerShare().size()));
        Percentage commissions = paid.stream().reduce(Percentage.ZERO, Percentage::plus);
        if (commissions.plus(rs.bonusCeiling()).compareTo(rs.masterVaultShare()) > 0) {
            String levels = paid.stream().map(p -> p.toDecimal().toPlainString()).collect(Collectors.joining(" + "));
            c.problem("revenueSharing", "referrer commissions (" + (levels.isEmpty() ? "0" : levels) + ") + "
                    + "bonusCeiling " + rs.bonusCeiling().toDecimal() + " exceed masterVaultShare "
                    + rs.masterVaultShare().toDecimal() + "; both are paid out of the platform's share");
        }
    }

    private void checkBonuses(Check c) {
        RevenueSharing rs = c.vault.revenueSharing();
        rs.volumeBonus().ifPresent(bonus -> {
            c.rate("revenueSharing.volumeBonus.bonusPercentage", bonus.bonusPercentage(), RATE_MAX);
            c.range("revenueSharing.volumeBonus.windowDays", bonus.windowDays(), 1, VOLUME_WINDOW_DAYS_MAX, " days");
        });
        rs.loyaltyBonus().ifPresent(bonus -> {
            c.rate("revenueSharing.loyaltyBonus.bonusPercentage", bonus.bonusPercentage(), RATE_MAX);
            c.range("revenueSharing.loyaltyBonus.monthsRequired", bonus.monthsRequired(), 1, LOYALTY_MONTHS_MAX,
                    " months");
        });
    }

    private void checkFeesAndPricing(Check c) {
        c.rate("revenueSharing.processingFee.percentage", c.vault.revenueSharing().processingFee().percentage(),
                RATE_MAX);
        c.rate("pricingConfiguration.agentTemplateMarkup",
                c.vault.pricingConfiguration().agentTemplateMarkup(), MARKUP_MAX);
    }

    /** Every amount: not negative, and in the settlement currency. */
    private void checkMoney(Check c) {
        LicensedVault v = c.vault;
        Map<String, Money> amounts = new LinkedHashMap<>();
        v.revenueSharing().volumeBonus().ifPresent(b -> amounts.put("revenueSharing.volumeBonus.threshold",
                b.threshold()));
        amounts.put("revenueSharing.processingFee.fixed", v.revenueSharing().processingFee().fixed());
        amounts.put("pricingConfiguration.agentExportFee", v.pricingConfiguration().agentExportFee());
        amounts.put("pricingConfiguration.agentLoopExportFee", v.pricingConfiguration().agentLoopExportFee());
        amounts.put("pricingConfiguration.platformForkFee", v.pricingConfiguration().platformForkFee());
        amounts.put("payoutSchedule.minimumAmount", v.payoutSchedule().minimumAmount());
        amounts.forEach((path, money) -> {
            if (!c.usable(path)) {
                return;
            }
            if (money.isNegative()) {
                c.problem(path, "must not be negative, got " + money.toDecimalString());
            }
            if (c.usable("settlementCurrency") && !money.currency().equals(v.settlementCurrency())) {
                c.problem(path, "is in " + money.currency().code() + " but the vault settles in "
                        + v.settlementCurrency().code() + "; amounts must be in the settlement currency");
            }
        });
    }

    private void checkReferrerChain(Check c) {
        String path = "mirrorOrigin.referrerChain";
        if (!c.usable(path)) {
            return;
        }
        List<String> chain = c.vault.mirrorOrigin().referrerChain();
        if (chain.size() > REFERRER_CHAIN_MAX) {
            c.problem(path, "has " + chain.size() + " vaults; at most " + REFERRER_CHAIN_MAX);
        }
        Map<String, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < chain.size(); i++) {
            String referrer = chain.get(i);
            String at = path + "[" + i + "]";
            Integer earlier = firstSeen.putIfAbsent(referrer, i);
            if (referrer.equals(c.vault.vaultId())) {
                c.problem(at, "lists the vault itself; a vault cannot refer itself");
            } else if (earlier != null) {
                c.problem(at, RegistryProblem.quote(referrer) + " is listed twice (also at [" + earlier + "])");
            } else if (!registryIds.contains(referrer)) {
                c.problem(at, "unknown referrer " + RegistryProblem.quote(referrer)
                        + "; referrers must be vaults in this registry");
            }
        }
    }

    private void checkPayoutSchedule(Check c) {
        PayoutSchedule schedule = c.vault.payoutSchedule();
        c.range("payoutSchedule.holdingPeriodDays", schedule.holdingPeriodDays(), 0, HOLDING_PERIOD_DAYS_MAX,
                " days");
        if (!c.usable("payoutSchedule.frequency")) {
            return;
        }
        String frequency = RegistryJson.wireName(schedule.frequency());
        if (schedule.frequency() == PayoutFrequency.MONTHLY) {
            if (c.usable("payoutSchedule.dayOfMonth") && schedule.dayOfMonth().isEmpty()) {
                c.problem("payoutSchedule.dayOfMonth", "is required for monthly payouts; a day from 1 to "
                        + PAYOUT_DAY_OF_MONTH_MAX);
            }
            schedule.dayOfMonth().ifPresent(day -> c.range("payoutSchedule.dayOfMonth", day, 1,
                    PAYOUT_DAY_OF_MONTH_MAX, " (every month has days 1 to " + PAYOUT_DAY_OF_MONTH_MAX + ")"));
            if (c.usable("payoutSchedule.dayOfWeek") && schedule.dayOfWeek().isPresent()) {
                c.problem("payoutSchedule.dayOfWeek", "applies only to weekly and biweekly payouts; set it to null");
            }
        } else {
            if (c.usable("payoutSchedule.dayOfWeek") && schedule.dayOfWeek().isEmpty()) {
                c.problem("payoutSchedule.dayOfWeek", "is required for " + frequency
                        + " payouts; e.g. \"friday\"");
            }
            if (c.usable("payoutSchedule.dayOfMonth") && schedule.dayOfMonth().isPresent()) {
                c.problem("payoutSchedule.dayOfMonth", "applies only to monthly payouts; set it to null");
            }
        }
    }

    // ---- rules across vaults: who referred whom, who was forked from whom

    private void checkLineage() {
        Map<String, String> nearestReferrer = new TreeMap<>();
        Map<String, String> parent = new TreeMap<>();
        for (LicensedVault vault : vaults.values()) {
            Check c = new Check(vault);
            MirrorOrigin origin = vault.mirrorOrigin();
            if (c.usable("mirrorOrigin.referrerChain") && !origin.referrerChain().isEmpty()
                    && !origin.referrerChain().get(0).equals(vault.vaultId())) {
                nearestReferrer.put(vault.vaultId(), origin.referrerChain().get(0));
            }
            if (c.usable("mirrorOrigin.parentVault")) {
                origin.parentVault().ifPresent(p -> checkParentExists(c, p));
                origin.parentVault().filter(p -> !p.equals(vault.vaultId())).ifPresent(p ->
                        parent.put(vault.vaultId(), p));
            }
        }
        for (List<String> cycle : Cycles.find(nearestReferrer)) {
            problemAt(cycle.get(0), "mirrorOrigin.referrerChain", "referrer cycle " + arrows(cycle)
                    + ": following each vault's nearest referrer leads back to " + cycle.get(0));
        }
        Set<String> inParentCycle = new HashSet<>();
        for (List<String> cycle : Cycles.find(parent)) {
            inParentCycle.addAll(cycle);
            problemAt(cycle.get(0), "mirrorOrigin.parentVault", "parent cycle " + arrows(cycle)
                    + ": a vault cannot be forked, even indirectly, from itself");
        }
        Map<String, Integer> depths = new HashMap<>();
        vaults.values().forEach(v -> checkForkDepth(new Check(v), inParentCycle, depths));
    }

    private void checkParentExists(Check c, String parentId) {
        if (parentId.equals(c.vault.vaultId())) {
            c.problem("mirrorOrigin.parentVault", "names the vault itself; a vault cannot be its own parent");
        } else if (!registryIds.contains(parentId)) {
            c.problem("mirrorOrigin.parentVault", "parent vault " + RegistryProblem.quote(parentId)
                    + " is not in this registry");
        }
    }

    /**
     * Compared with the vault's real depth (its number of ancestors), not its parent's declared one, so that one
     * wrong depth is reported once and not again for every fork below it.
     */
    private void checkForkDepth(Check c, Set<String> inParentCycle, Map<String, Integer> depths) {
        MirrorOrigin origin = c.vault.mirrorOrigin();
        if (!c.usable("mirrorOrigin.forkDepth", "mirrorOrigin.parentVault")) {
            return;
        }
        Integer expected = realDepth(c.vault.vaultId(), inParentCycle, depths);
        if (expected == null || origin.forkDepth() == expected) {
            return;
        }
        if (origin.parentVault().isEmpty()) {
            c.problem("mirrorOrigin.forkDepth", "forkDepth " + origin.forkDepth()
                    + " must be 0 for a vault without a parentVault");
        } else {
            c.problem("mirrorOrigin.forkDepth", "forkDepth " + origin.forkDepth() + " must be " + expected
                    + ", one more than parent " + shown(origin.parentVault().get()) + "'s depth " + (expected - 1));
        }
    }

    /**
     * The number of ancestors of a vault, or null when its lineage cannot be followed to an original vault (an
     * ancestor missing, undecodable or in a cycle; each of those is reported on its own). Iterative and memoised:
     * a registry of {@link RegistryJson#VAULTS_MAX} forks in one line costs one walk.
     */
    private Integer realDepth(String vaultId, Set<String> inParentCycle, Map<String, Integer> depths) {
        List<String> walked = new ArrayList<>();
        String current = vaultId;
        Integer base = null;
        while (true) {
            if (depths.containsKey(current)) {
                base = depths.get(current);
                break;
            }
            LicensedVault vault = vaults.get(current);
            if (vault == null || inParentCycle.contains(current)
                    || !new Check(vault).usable("mirrorOrigin.parentVault")) {
                break;
            }
            walked.add(current);
            Optional<String> parentId = vault.mirrorOrigin().parentVault();
            if (parentId.isEmpty()) {
                base = -1;
                break;
            }
            if (parentId.get().equals(current)) {
                break;
            }
            current = parentId.get();
        }
        for (int i = walked.size() - 1; i >= 0; i--) {
            base = base == null ? null : base + 1;
            depths.put(walked.get(i), base); // null: unresolvable, remembered so no one walks this way again
        }
        return depths.get(vaultId);
    }

    private void problemAt(String vaultId, String field, String message) {
        problems.add(new RegistryProblem(vaultId, field, message));
    }

    private static String arrows(List<String> cycle) {
        return cycle.stream().map(RegistryValidator::shown).collect(Collectors.joining(" → ")) + " → "
                + shown(cycle.get(0));
    }

    private static String shown(String vaultId) {
        return VAULT_ID.matcher(vaultId).matches() && vaultId.length() <= VAULT_ID_CHARS_MAX ? vaultId
                : RegistryProblem.quote(vaultId);
    }

    /** One vault under check: reports its problems and knows which of its fields could not be decoded. */
    private final class Check {
        private final LicensedVault vault;
        private final Set<String> failed;

        Check(LicensedVault vault) {
            this.vault = vault;
            this.failed = failedFields.getOrDefault(vault.vaultId(), Set.of());
        }

        /**
         * False when a path, one of its parents or one of its children failed to decode: the decoder has already
         * said why, and the stand-in value must not produce a second, misleading problem.
         */
        boolean usable(String... paths) {
            for (String path : paths) {
                for (String bad : failed) {
                    if (related(path, bad)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** A rate between 0 and {@code max}; true when in range (or not checkable). */
        boolean rate(String path, Percentage value, Percentage max) {
            if (usable(path) && (value.isNegative() || value.compareTo(max) > 0)) {
                problem(path, "must be between 0 and " + max.toDecimal() + ", got " + value.toDecimal());
                return false;
            }
            return true;
        }

        /** A whole number between {@code min} and {@code max}; true when in range (or not checkable). */
        boolean range(String path, int value, int min, int max, String unit) {
            if (usable(path) && (value < min || value > max)) {
                problem(path, "must be between " + min + " and " + max + unit + ", got " + value);
                return false;
            }
            return true;
        }

        void problem(String path, String message) {
            problems.add(new RegistryProblem(vault.vaultId(), path, message));
        }
    }

    private static boolean related(String path, String other) {
        return other.isEmpty() || path.equals(other) || isBelow(path, other) || isBelow(other, path);
    }

    private static boolean isBelow(String path, String ancestor) {
        return path.startsWith(ancestor) && (path.charAt(ancestor.length()) == '.'
                || path.charAt(ancestor.length()) == '[');
    }

    /** Cycles in a graph where each node has at most one successor (nearest referrer, parent). */
    static final class Cycles {
        private Cycles() {
        }

        /**
         * Each cycle once, as its nodes in edge order, starting at its smallest id. Linear: every node is walked
         * once, so even a registry of {@link RegistryJson#VAULTS_MAX} vaults in one long chain is cheap.
         */
        static List<List<String>> find(Map<String, String> next) {
            List<List<String>> cycles = new ArrayList<>();
            Set<String> done = new HashSet<>();
            for (String start : new TreeMap<>(next).keySet()) {
                Map<String, Integer> walk = new LinkedHashMap<>();
                String node = start;
                while (node != null && !done.contains(node) && !walk.containsKey(node)) {
                    walk.put(node, walk.size());
                    node = next.get(node);
                }
                if (node != null && walk.containsKey(node)) {
                    List<String> path = new ArrayList<>(walk.keySet());
                    cycles.add(rotateToSmallest(path.subList(walk.get(node), path.size())));
                }
                done.addAll(walk.keySet());
            }
            return cycles;
        }

        private static List<String> rotateToSmallest(List<String> cycle) {
            int smallest = 0;
            for (int i = 1; i < cycle.size(); i++) {
                if (cycle.get(i).compareTo(cycle.get(smallest)) < 0) {
                    smallest = i;
                }
            }
            List<String> rotated = new ArrayList<>(cycle.subList(smallest, cycle.size()));
            rotated.addAll(cycle.subList(0, smallest));
            return List.copyOf(rotated);
        }
    }
}
