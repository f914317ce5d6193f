package ai.mirroros.licensing.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JSON object per line: {@code ts} (ISO-8601 UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, {@code mdc} (an object, empty when there is none) and {@code exception} (the stack trace as one
 * string, only when there is one). Message, MDC values and stack trace pass through {@link SecretMask}; JSON string
 * escaping keeps a multi-line message or stack trace on its one line, so a shipper never splits an event.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String doLayout(ILoggingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        line.put("message", SecretMask.mask(event.getFormattedMessage()));
        Map<String, String> mdc = new TreeMap<>();
        Map<String, String> eventMdc = event.getMDCPropertyMap();
        if (eventMdc != null) {
            eventMdc.forEach((key, value) -> mdc.put(key, SecretMask.mask(value)));
        }
        line.put("mdc", mdc);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.put("exception", SecretMask.mask(ThrowableProxyUtil.asString(thrown)));
        }
        try {
            return JSON.writeValueAsString(line) + CoreConstants.LINE_SEPARATOR;
        } catch (JsonProcessingException e) {
            // Only strings and a map of strings go in: this cannot happen, and a log call must not throw.
            return "{\"level\":\"ERROR\",\"message\":\"log line could not be written as JSON\"}"
                    + CoreConstants.LINE_SEPARATOR;
        }
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}
