package ai.mirroros.licensing.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The real logback.xml, configured into a private logger context with {@code LICENSING_LOG_FORMAT} set as the
 * deployment would set it: JSON is one valid object per line with the documented fields, and no format lets an API
 * key's secret through, in the message, an argument, the MDC or a stack trace.
 */
class JsonLogLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "0123456789ab";
    private static final String SECRET = "Abc_def-GHIjklMNOpqrSTUvwxYZ0123456789abcde";
    private static final String KEY = "lic_" + KEY_ID + "_" + SECRET;

    private record Configured(LoggerContext context, ByteArrayOutputStream out) {
        Logger logger(String name) {
            return context.getLogger(name);
        }

        List<String> lines() {
            context.stop();
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static Configured configure(String format) throws JoranException {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the application's MDC, which logEverywhere fills
        if (format != null) {
            context.putProperty("LICENSING_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLogLayoutTest.class.getResource("/logback.xml"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> stderr = (OutputStreamAppender<ILoggingEvent>)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        stderr.setOutputStream(out);
        return new Configured(context, out);
    }

    private static void logEverywhere(Logger logger) {
        logger.info("key used: {}", KEY);
        MDC.put("apiKey", KEY);
        MDC.put("request", "req-7");
        try {
            logger.warn("two\nlines with \"quotes\" and the key " + KEY);
        } finally {
            MDC.clear();
        }
        logger.error("request failed", new IllegalStateException("bad key " + KEY,
                new RuntimeException("cause mentions " + KEY)));
    }

    @Test
    void jsonFormatWritesOneValidObjectPerLineWithTheDocumentedFields() throws Exception {
        Configured logs = configure("json");
        logEverywhere(logs.logger("ai.mirroros.licensing.web.ApiAuth"));

        List<String> lines = logs.lines();
        assertThat(lines).hasSize(3);
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            events.add(JSON.readTree(line));
        }
        JsonNode info = events.get(0);
        assertThat(info.fieldNames()).toIterable().containsExactly("ts", "level", "logger", "thread", "message",
                "mdc");
        assertThat(info.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("logger").asText()).isEqualTo("ai.mirroros.licensing.web.ApiAuth");
        assertThat(info.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(info.get("message").asText()).isEqualTo("key used: lic_" + KEY_ID + "_…");
        assertThat(info.get("mdc").isObject()).isTrue();

        JsonNode warn = events.get(1);
        assertThat(warn.get("message").asText()).isEqualTo("two\nlines with \"quotes\" and the key lic_" + KEY_ID
                + "_…");
        assertThat(warn.get("mdc").get("request").asText()).isEqualTo("req-7");
        assertThat(warn.get("mdc").get("apiKey").asText()).isEqualTo("lic_" + KEY_ID + "_…");

        JsonNode error = events.get(2);
        assertThat(error.get("level").asText()).isEqualTo("ERROR");
        assertThat(error.get("exception").asText()).contains("java.lang.IllegalStateException: bad key lic_"
                + KEY_ID + "_…", "Caused by: java.lang.RuntimeException: cause mentions lic_" + KEY_ID + "_…",
                "at ai.mirroros.licensing.logging.JsonLogLayoutTest");
        assertThat(String.join("\n", lines)).doesNotContain(SECRET);
    }

    @Test
    void textFormatIsTheDefaultAndMasksTheSameSecrets() throws Exception {
        Configured logs = configure(null);
        logEverywhere(logs.logger("ai.mirroros.licensing.web.ApiAuth"));

        String text = String.join("\n", logs.lines());
        assertThat(text).contains("INFO  a.m.l.web.ApiAuth - key used: lic_" + KEY_ID + "_…",
                "java.lang.IllegalStateException: bad key lic_" + KEY_ID + "_…");
        assertThat(text).doesNotContain(SECRET).doesNotStartWith("{");
    }

    @Test
    void anUnknownFormatFallsBackToTextWithAWarning() throws Exception {
        Configured logs = configure("xml");
        logs.logger("ai.mirroros.licensing.Demo").info("still logged");

        List<Status> warnings = logs.context().getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.WARN).toList();
        assertThat(warnings).extracting(Status::getMessage)
                .anySatisfy(m -> assertThat(m).contains("LICENSING_LOG_FORMAT 'xml'"));
        assertThat(logs.lines()).singleElement().asString().endsWith("INFO  a.m.licensing.Demo - still logged");
    }

    @Test
    void theLayoutMasksEveryKeyInALineAndLeavesOtherTextAlone() {
        assertThat(SecretMask.mask("a " + KEY + " b " + KEY.replace(KEY_ID, "ffffffffffff") + " lic_short"))
                .isEqualTo("a lic_" + KEY_ID + "_… b lic_ffffffffffff_… lic_short");
        assertThat(SecretMask.mask(null)).isNull();
    }
}
