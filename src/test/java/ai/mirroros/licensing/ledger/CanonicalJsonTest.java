package ai.mirroros.licensing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsKeysAtEveryDepthWithoutWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of(Map.of("y", true, "b", false)));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("vault", "v1");
        outer.put("inner", inner);
        outer.put("amount", "1228.45");
        outer.put("none", null);

        assertThat(CanonicalJson.of(outer).text()).isEqualTo(
                "{\"amount\":\"1228.45\",\"inner\":{\"a\":[{\"b\":false,\"y\":true}],\"z\":1},\"none\":null,"
                        + "\"vault\":\"v1\"}");
    }

    @Test
    void keysSortByUtf16CodeUnitsLikeRfc8785() {
        Map<String, Object> map = new HashMap<>();
        map.put("b", 1);
        map.put("B", 2);
        map.put("é", 3);
        map.put("\uD83D\uDE00", 4);
        map.put("\uFB01", 5);

        assertThat(CanonicalJson.of(map).text())
                .isEqualTo("{\"B\":2,\"b\":1,\"é\":3,\"\uD83D\uDE00\":4,\"\uFB01\":5}");
    }

    @Test
    void decimalsKeepTheirScaleAndIntegersTheirDigits() {
        Map<String, Object> map = Map.of(
                "fee", new BigDecimal("0.30"),
                "big", new BigInteger("123456789012345678901234567890"),
                "neg", -5L,
                "exp", new BigDecimal("1.5E+3"));

        assertThat(CanonicalJson.of(map).text())
                .isEqualTo("{\"big\":123456789012345678901234567890,\"exp\":1500,\"fee\":0.30,\"neg\":-5}");
        assertThat(CanonicalJson.parseObject("{\"fee\": 0.30, \"n\": 1.50e1}").text())
                .isEqualTo("{\"fee\":0.30,\"n\":15.0}");
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        String text = CanonicalJson.of(Map.of("s", "q\" b\\ \n\t\u0001 é \u2028 \uD83D\uDE00 /")).text();

        assertThat(text).isEqualTo("{\"s\":\"q\\\" b\\\\ \\n\\t\\u0001 é \u2028 \uD83D\uDE00 /\"}");
    }

    @Test
    void floatsAreRefusedBecauseMoneyIsNeverBinary() {
        assertThatThrownBy(() -> CanonicalJson.of(Map.of("split", Map.of("amount", 12.34))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.split.amount")
                .hasMessageContaining("decimal string");
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("amount", 1.5f);
        assertThatThrownBy(() -> CanonicalJson.of(node)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsupportedValuesAndKeysAreRefusedWithThePath() {
        assertThatThrownBy(() -> CanonicalJson.of(Map.of("when", java.time.Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.when: unsupported value type java.time.Instant");
        assertThatThrownBy(() -> CanonicalJson.of(Map.of("m", Map.of(1, "x"))))
                .hasMessageContaining("$.m: object keys must be strings");
        assertThatThrownBy(() -> CanonicalJson.of(Map.of("s", "lone \uD800 surrogate")))
                .hasMessageContaining("lone surrogate U+D800");
    }

    @Test
    void nestingIsBounded() {
        Object value = "leaf";
        for (int i = 0; i < CanonicalJson.MAX_DEPTH; i++) {
            value = Map.of("k", value);
        }
        Object tooDeep = value;
        assertThatThrownBy(() -> CanonicalJson.of(Map.of("k", tooDeep)))
                .hasMessageContaining("nested deeper than " + CanonicalJson.MAX_DEPTH);
        List<Object> list = new ArrayList<>(Arrays.asList(1, 2));
        assertThat(CanonicalJson.of(Map.of("list", list)).text()).isEqualTo("{\"list\":[1,2]}");
    }

    @Test
    void parsingRefusesDuplicateKeysNonObjectsAndHugeExponents() {
        assertThatThrownBy(() -> CanonicalJson.parseObject("{\"a\":1,\"a\":2}"))
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> CanonicalJson.parseObject("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> CanonicalJson.parseObject("{\"a\":1e999999999}"))
                .hasMessageContaining("out of range");
    }

    @Test
    void mapAndObjectNodeGiveTheSameText() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("gross", "10.00").put("count", 3).put("fee", new BigDecimal("0.30"));
        node.putArray("tags").add("a").add(true).addNull();

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("tags", Arrays.asList("a", true, null));
        map.put("fee", new BigDecimal("0.30"));
        map.put("count", 3);
        map.put("gross", "10.00");

        assertThat(CanonicalJson.of(node)).isEqualTo(CanonicalJson.of(map));
        assertThat(CanonicalJson.of(map).toObjectNode()).isEqualTo(node);
    }
}
