package ai.mirroros.licensing.ledger;

import ai.mirroros.licensing.ledger.ChainVerifier.VerificationResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verify throughput of the pure recompute path ({@link ChainVerifier} over in-memory entries, no database): the
 * score is entries per second, because one operation is one entry ({@link OperationsPerInvocation}). Goal: at least
 * 1,000,000 entries/s. Run:
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) org.openjdk.jmh.Main ChainVerifyBenchmark \
 *     -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChainVerifyBenchmark {
    static final int ENTRIES = 100_000;

    private List<ActivityEntry> entries;
    private Optional<ChainHead> head;

    @Setup
    public void buildChain() {
        entries = ActivityFixtures.chain(ENTRIES);
        head = Optional.of(ActivityFixtures.headOf(entries));
        VerificationResult check = ChainVerifier.verify(entries, head);
        if (!check.ok() || check.entriesChecked() != ENTRIES) {
            throw new IllegalStateException("benchmark chain does not verify: " + check.message());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public VerificationResult verifyChain() {
        return ChainVerifier.verify(entries, head);
    }
}
