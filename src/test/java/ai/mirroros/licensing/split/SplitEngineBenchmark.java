package ai.mirroros.licensing.split;

import ai.mirroros.licensing.money.CurrencyUnit;
import ai.mirroros.licensing.money.Money;
import ai.mirroros.licensing.vault.FeeBearer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of one realistic split: a shared-fee payment to an 85 % vault with a two-level referrer chain and an
 * earned volume bonus, fee from the schedule. The target is at least 1,000,000 splits per second on one core, so that
 * replaying a year of payments is a matter of seconds.
 *
 * <p>Not a test (the name does not end in Test). To run it briefly:
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmaven.compiler.proc=full \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) org.openjdk.jmh.Main \
 *     SplitEngineBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 * {@code -Dmaven.compiler.proc=full} is needed while the toolchain picks JDK 23+, whose javac no longer runs the JMH
 * annotation processor found on the test classpath by default (the pom's {@code testAnnotationProcessorPaths} is not
 * a parameter maven-compiler-plugin 3.14 knows).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Thread)
public class SplitEngineBenchmark {
    private SplitRequest request;

    @Setup
    public void setUp() {
        CurrencyUnit usd = CurrencyUnit.USD;
        var vault = VaultFixture.vault(FeeBearer.SHARED, 8_500)
                .referrerRates(500, 200)
                .referredBy("near-referrer.sig", "far-referrer.sig")
                .volumeBonus(Money.parse("10000.00", usd), 200)
                .bonusCeiling(500)
                .build();
        request = SplitRequest.of(Money.parse("1228.45", usd), vault, new BonusState(Money.parse("25000.00", usd), 7));
    }

    @Benchmark
    public SplitResult sharedSplitWithTwoReferrersAndAVolumeBonus() {
        return SplitEngine.split(request);
    }
}
