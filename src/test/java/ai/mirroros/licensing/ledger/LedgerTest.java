package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.testing.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.store.DatabaseTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest extends DatabaseTestSupport {
    private static final CurrencyUnit USD = CurrencyUnit.USD;
    private static final String VAULT = "enterprise-vault.sig";
    private static final String REFERRER = "ref-alice";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration HOLDING_PERIOD = Duration.ofDays(7);

    private ManualClock clock;
    private Ledger ledger;

    @BeforeEach
    void newLedger() {
        clock = new ManualClock(T0);
        ledger = new Ledger(db, clock);
    }

    private static Money usd(String amount) {
        return Money.parse(amount, USD);
    }

    /** 100.00 paid, 3.20 Stripe fee: 85.00 to the vault, 5.00 to the referrer, 10.00 master share incl. fee. */
    private static JournalEntry payment(String sourceId, Instant occurredAt) {
        return JournalEntry.builder(sourceId, JournalEntry.KIND_PAYMENT, occurredAt)
                .availableAt(occurredAt.plus(HOLDING_PERIOD))
                .description("payment for " + VAULT)
                .debit(AccountRef.stripeClearing(USD), usd("96.80"))
                .debit(AccountRef.processingFees(USD), usd("3.20"))
                .credit(AccountRef.vaultPending(VAULT, USD), usd("85.00"))
                .credit(AccountRef.referrerPending(REFERRER, USD), usd("5.00"))
                .credit(AccountRef.platformRevenue(USD), usd("10.00"))
                .build();
    }

    private long count(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void postingAPaymentBalancesTheAccounts() {
        PostingResult result = ledger.post(payment("evt_1", T0));

        assertThat(result.alreadyPosted()).isFalse();
        assertThat(result.postedAt()).isEqualTo(T0);
        assertThat(ledger.balance(AccountRef.stripeClearing(USD))).isEqualTo(usd("96.80"));
        assertThat(ledger.balance(AccountRef.processingFees(USD))).isEqualTo(usd("3.20"));
        assertThat(ledger.balance(AccountRef.vaultPending(VAULT, USD))).isEqualTo(usd("-85.00"));
        assertThat(ledger.balance(AccountRef.referrerPending(REFERRER, USD))).isEqualTo(usd("-5.00"));
        assertThat(ledger.balance(AccountRef.platformRevenue(USD))).isEqualTo(usd("-10.00"));
        assertThat(ledger.balance(AccountRef.vaultAvailable(VAULT, USD))).isEqualTo(usd("0.00"));
        assertThat(ledger.balances(Optional.empty(), Optional.empty()).stream()
                .mapToLong(b -> b.balance().amountMinor()).sum()).isZero();
    }

    @Test
    void postedEntryReadsBackEqual() {
        JournalEntry entry = payment("evt_1", Instant.parse("2026-03-01T12:00:00.123456789Z"));
        PostingResult result = ledger.post(entry);

        assertThat(ledger.readEntry(result.entryId())).isEqualTo(entry);
        assertThat(ledger.findBySource("evt_1")).contains(entry);
        assertThat(ledger.findBySource("evt_unknown")).isEmpty();
        assertThat(ledger.findPosting("evt_1")).contains(new PostingResult(result.entryId(), "evt_1", T0, true));
        assertThatThrownBy(() -> ledger.readEntry(result.entryId() + 1000))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("no journal entry");
    }

    @Test
    void sameSourceTwiceChangesNothingAndReturnsTheFirstResult() {
        PostingResult first = ledger.post(payment("evt_1", T0));
        clock.advance(Duration.ofMinutes(5));

        PostingResult second = ledger.post(payment("evt_1", T0));

        assertThat(second).isEqualTo(new PostingResult(first.entryId(), "evt_1", first.postedAt(), true));
        assertThat(count("journal_entry")).isEqualTo(1);
        assertThat(count("journal_line")).isEqualTo(5);
        assertThat(ledger.balance(AccountRef.platformRevenue(USD))).isEqualTo(usd("-10.00"));
    }

    @Test
    void concurrentPostingOfTheSameSourceFromEightThreadsYieldsOneEntry() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<PostingResult>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tasks.add(() -> {
                start.await();
                return ledger.post(payment("evt_race", T0));
            });
        }
        List<PostingResult> results = runAll(tasks, start);

        assertThat(results).filteredOn(r -> !r.alreadyPosted()).hasSize(1);
        assertThat(results).extracting(PostingResult::entryId).containsOnly(results.getFirst().entryId());
        assertThat(count("journal_entry")).isEqualTo(1);
        assertThat(count("journal_line")).isEqualTo(5);
        assertThat(ledger.balance(AccountRef.vaultPending(VAULT, USD))).isEqualTo(usd("-85.00"));
    }

    @Test
    void concurrentBatchesSharingSourcesInAnyOrderPostEachSourceOnce() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<List<PostingResult>>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            List<JournalEntry> batch = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                batch.add(payment("evt_" + n, T0));
            }
            Collections.shuffle(batch, new java.util.Random(i));
            tasks.add(() -> {
                start.await();
                return ledger.postBatch(batch);
            });
        }
        List<List<PostingResult>> results = runAll(tasks, start);

        assertThat(results.stream().flatMap(List::stream).filter(r -> !r.alreadyPosted())).hasSize(50);
        assertThat(count("journal_entry")).isEqualTo(50);
        assertThat(count("journal_line")).isEqualTo(250);
        assertThat(ledger.balance(AccountRef.platformRevenue(USD))).isEqualTo(usd("-500.00"));
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchWithDuplicateSourcesPostsEachSourceOnceAndAnswersInOrder() {
        ledger.post(payment("evt_old", T0));

        List<PostingResult> results = ledger.postBatch(List.of(
                payment("evt_b", T0), payment("evt_a", T0), payment("evt_b", T0), payment("evt_old", T0)));

        assertThat(results).extracting(PostingResult::sourceId).containsExactly("evt_b", "evt_a", "evt_b", "evt_old");
        assertThat(results).extracting(PostingResult::alreadyPosted).containsExactly(false, false, true, true);
        assertThat(results.get(2).entryId()).isEqualTo(results.get(0).entryId());
        assertThat(count("journal_entry")).isEqualTo(3);
        assertThat(ledger.balance(AccountRef.platformRevenue(USD))).isEqualTo(usd("-30.00"));
    }

    @Test
    void batchLargerThanTheLimitIsRefusedWholly() {
        List<JournalEntry> tooMany = new ArrayList<>();
        for (int i = 0; i <= Ledger.MAX_BATCH_SIZE; i++) {
            tooMany.add(payment("evt_" + i, T0));
        }
        assertThatThrownBy(() -> ledger.postBatch(tooMany)).hasMessageContaining("at most 1000");
        assertThat(count("journal_entry")).isZero();
    }

    @Test
    void balanceAsOfAPastPostingTimeIgnoresLaterPostings() {
        ledger.post(payment("evt_1", T0));
        clock.advance(Duration.ofHours(1));
        ledger.post(payment("evt_2", T0));
        clock.advance(Duration.ofHours(1));
        ledger.post(payment("evt_3", T0));

        AccountRef revenue = AccountRef.platformRevenue(USD);
        assertThat(ledger.balanceAsOf(revenue, T0.minusSeconds(1))).isEqualTo(usd("0.00"));
        assertThat(ledger.balanceAsOf(revenue, T0)).isEqualTo(usd("-10.00"));
        assertThat(ledger.balanceAsOf(revenue, T0.plus(Duration.ofMinutes(90)))).isEqualTo(usd("-20.00"));
        assertThat(ledger.balance(revenue)).isEqualTo(usd("-30.00"));
        assertThat(ledger.balances(Optional.empty(), Optional.of(T0.plus(Duration.ofMinutes(90)))))
                .contains(new AccountBalance(revenue, usd("-20.00")));
    }

    @Test
    void balancesOfOneOwnerListOnlyItsNonZeroAccounts() {
        ledger.post(payment("evt_1", T0));

        assertThat(ledger.balances(Optional.of(VAULT), Optional.empty()))
                .containsExactly(new AccountBalance(AccountRef.vaultPending(VAULT, USD), usd("-85.00")));
        assertThat(ledger.balances(Optional.of("nobody"), Optional.empty())).isEmpty();
        assertThat(ledger.balances(Optional.empty(), Optional.empty())).hasSize(5);
    }

    @Test
    void releaseMaturedMovesPendingToAvailableOnlyAfterAvailableAt() {
        PostingResult paid = ledger.post(payment("evt_1", T0));
        AccountRef pending = AccountRef.vaultPending(VAULT, USD);
        AccountRef available = AccountRef.vaultAvailable(VAULT, USD);

        clock.set(T0.plus(HOLDING_PERIOD).minusSeconds(1));
        assertThat(ledger.releaseMatured(clock.instant()).entriesReleased()).isZero();
        assertThat(ledger.balance(available)).isEqualTo(usd("0.00"));

        clock.set(T0.plus(HOLDING_PERIOD));
        assertThat(ledger.releaseMatured(clock.instant())).isEqualTo(new Ledger.ReleaseResult(1, 1));

        assertThat(ledger.balance(pending)).isEqualTo(usd("0.00"));
        assertThat(ledger.balance(available)).isEqualTo(usd("-85.00"));
        assertThat(ledger.balance(AccountRef.referrerPending(REFERRER, USD))).isEqualTo(usd("0.00"));
        assertThat(ledger.balance(AccountRef.referrerAvailable(REFERRER, USD))).isEqualTo(usd("-5.00"));
        assertThat(ledger.balance(AccountRef.platformRevenue(USD))).isEqualTo(usd("-10.00"));
        JournalEntry release = ledger.findBySource("release:" + paid.entryId()).orElseThrow();
        assertThat(release.kind()).isEqualTo(JournalEntry.KIND_RELEASE);
        assertThat(release.occurredAt()).isEqualTo(T0.plus(HOLDING_PERIOD));
    }

    @Test
    void releaseMaturedIsIdempotent() {
        ledger.post(payment("evt_1", T0));
        Instant later = T0.plus(HOLDING_PERIOD).plusSeconds(1);
        clock.set(later);

        assertThat(ledger.releaseMatured(later).entriesReleased()).isEqualTo(1);
        assertThat(ledger.releaseMatured(later)).isEqualTo(new Ledger.ReleaseResult(0, 0));
        assertThat(ledger.releaseMatured(later.plus(Duration.ofDays(30))).entriesReleased()).isZero();
        assertThat(count("journal_entry")).isEqualTo(2);
        assertThat(ledger.balance(AccountRef.vaultAvailable(VAULT, USD))).isEqualTo(usd("-85.00"));
    }

    @Test
    void releaseMaturedWorksThroughMoreEntriesThanOneBatch() {
        int entries = Ledger.RELEASE_BATCH_SIZE + 20;
        List<JournalEntry> batch = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            batch.add(payment("evt_" + i, T0.plusSeconds(i)));
        }
        ledger.postBatch(batch);
        clock.set(T0.plus(Duration.ofDays(30)));

        Ledger.ReleaseResult result = ledger.releaseMatured(clock.instant());

        assertThat(result).isEqualTo(new Ledger.ReleaseResult(entries, 2));
        assertThat(ledger.balance(AccountRef.vaultPending(VAULT, USD))).isEqualTo(usd("0.00"));
        assertThat(ledger.balance(AccountRef.vaultAvailable(VAULT, USD))).isEqualTo(usd("-85.00").times(entries));
    }

    @Test
    void releaseSourceIdsAreReservedForTheLedger() {
        JournalEntry forged = JournalEntry.builder("release:1", JournalEntry.KIND_RELEASE, T0)
                .debit(AccountRef.vaultPending(VAULT, USD), usd("1.00"))
                .credit(AccountRef.vaultAvailable(VAULT, USD), usd("1.00"))
                .build();

        assertThatThrownBy(() -> ledger.post(forged))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void pendingCreditWithoutAvailableAtIsRefused() {
        JournalEntry undated = JournalEntry.builder("evt_undated", JournalEntry.KIND_PAYMENT, T0)
                .debit(AccountRef.stripeClearing(USD), usd("1.00"))
                .credit(AccountRef.vaultPending(VAULT, USD), usd("1.00"))
                .build();

        assertThatThrownBy(() -> ledger.post(undated)).hasMessageContaining("has no availableAt");
    }

    @Test
    void postingInsideTheCallersTransactionRollsBackWithIt() {
        assertThatThrownBy(() -> db.jdbi().useTransaction(handle -> {
            ledger.post(handle, payment("evt_1", T0));
            throw new IllegalStateException("caller fails after posting");
        })).hasMessageContaining("caller fails");
        assertThat(count("journal_entry")).isZero();

        PostingResult result = db.jdbi().inTransaction(handle -> ledger.post(handle, payment("evt_1", T0)));
        assertThat(result.alreadyPosted()).isFalse();
        assertThat(ledger.balance(AccountRef.platformRevenue(USD))).isEqualTo(usd("-10.00"));
    }

    @Test
    void postingOnAHandleWithoutATransactionIsRefused() {
        assertThatThrownBy(() -> db.jdbi().useHandle(handle -> ledger.post(handle, payment("evt_1", T0))))
                .hasMessageContaining("needs an open transaction");
    }

    @Test
    void entryTamperedInSqlToNotBalanceIsReportedOnRead() {
        PostingResult result = ledger.post(payment("evt_1", T0));
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE journal_line SET amount_minor = amount_minor + 1 WHERE entry_id = ? AND line_no = 1",
                result.entryId()));

        assertThatThrownBy(() -> ledger.readEntry(result.entryId()))
                .isInstanceOf(LedgerCorruptionException.class)
                .hasMessageContaining("journal entry " + result.entryId() + " ('evt_1') is corrupt")
                .hasMessageContaining("does not balance in USD");
        assertThatThrownBy(() -> ledger.findBySource("evt_1")).isInstanceOf(LedgerCorruptionException.class);
    }

    @Test
    void entryWithALineDeletedInSqlIsReportedOnRead() {
        PostingResult result = ledger.post(payment("evt_1", T0));
        db.jdbi().useHandle(h -> h.execute(
                "DELETE FROM journal_line WHERE entry_id = ? AND line_no = 5", result.entryId()));

        assertThatThrownBy(() -> ledger.readEntry(result.entryId()))
                .isInstanceOf(LedgerCorruptionException.class)
                .hasMessageContaining("has 4 lines but was written with 5");
    }

}
