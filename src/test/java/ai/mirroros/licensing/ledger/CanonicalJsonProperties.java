package ai.mirroros.licensing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CanonicalJsonProperties {

    @Property
    void canonicalTextDoesNotDependOnKeyOrder(@ForAll("objects") Map<String, Object> object, @ForAll Random random) {
        Map<String, Object> shuffled = reorderKeys(object, random);

        assertThat(CanonicalJson.of(shuffled)).isEqualTo(CanonicalJson.of(object));
    }

    @Property
    void canonicalisingCanonicalTextChangesNothing(@ForAll("objects") Map<String, Object> object) {
        CanonicalJson canonical = CanonicalJson.of(object);

        assertThat(CanonicalJson.parseObject(canonical.text())).isEqualTo(canonical);
        assertThat(CanonicalJson.of(canonical.toObjectNode())).isEqualTo(canonical);
    }

    @Property
    void insignificantWhitespaceIsRemoved(@ForAll("objects") Map<String, Object> object) {
        CanonicalJson canonical = CanonicalJson.of(object);
        String pretty = canonical.toObjectNode().toPrettyString();

        assertThat(CanonicalJson.parseObject(pretty)).isEqualTo(canonical);
    }

    @Provide
    Arbitrary<Map<String, Object>> objects() {
        return objects(3);
    }

    private Arbitrary<Map<String, Object>> objects(int depth) {
        return Arbitraries.maps(keys(), values(depth - 1)).ofMaxSize(5).map(LinkedHashMap::new);
    }

    private Arbitrary<Object> values(int depth) {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                strings().map(s -> (Object) s),
                Arbitraries.longs().map(n -> (Object) n),
                Arbitraries.bigDecimals().ofScale(2).between(new BigDecimal("-1e9"), new BigDecimal("1e9"))
                        .map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just("null").map(s -> (Object) null));
        if (depth <= 0) {
            return leaves;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaves),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> objects(depth)).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> values(depth - 1)).list().ofMaxSize(4)
                        .map(l -> (Object) l)));
    }

    private Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), strings());
    }

    private Arbitrary<String> strings() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff')
                .withCharRange('\u2000', '\u2030')
                .withChars('"', '\\', '\u4e2d')
                .ofMaxLength(8)
                .edgeCases(config -> config.add("\uD83D\uDE00"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reorderKeys(Map<String, Object> object, Random random) {
        List<String> keys = new ArrayList<>(object.keySet());
        Collections.shuffle(keys, random);
        Map<String, Object> reordered = new LinkedHashMap<>();
        for (String key : keys) {
            reordered.put(key, reorderValue(object.get(key), random));
        }
        return reordered;
    }

    @SuppressWarnings("unchecked")
    private static Object reorderValue(Object value, Random random) {
        if (value instanceof Map<?, ?> m) {
            return reorderKeys((Map<String, Object>) m, random);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(reorderValue(element, random));
            }
            return copy;
        }
        return value;
    }
}
