package ai.mirroros.licensing.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Locale;

/**
 * The console encoder of logback.xml: {@code format} {@code text} (the default) writes {@code pattern};
 * {@code json} writes {@link JsonLogLayout}. Chosen once at start-up from {@code LICENSING_LOG_FORMAT}; an unknown
 * value falls back to text with a warning, since losing the logs would be worse than the wrong format.
 */
public final class LogEncoder extends LayoutWrappingEncoder<ILoggingEvent> {
    public static final String TEXT = "text";
    public static final String JSON = "json";

    private String format = TEXT;
    private String pattern;

    public void setFormat(String format) {
        this.format = format == null ? TEXT : format.trim().toLowerCase(Locale.ROOT);
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        Layout<ILoggingEvent> chosen;
        if (JSON.equals(format)) {
            chosen = new JsonLogLayout();
        } else {
            if (!TEXT.equals(format) && !format.isEmpty()) {
                addWarn("LICENSING_LOG_FORMAT '" + format + "' is neither text nor json; writing text");
            }
            PatternLayout text = new PatternLayout();
            text.setPattern(pattern);
            chosen = text;
        }
        chosen.setContext(getContext());
        chosen.start();
        setLayout(chosen);
        super.start();
    }
}
