package dev.dispositions.gateway.config;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code %safeMessage}: the log message with every control character in its arguments escaped ({@code \n} stays
 * two characters), so a label, an id or a header from a request cannot start a log line of its own. The message's
 * own text (Spring Boot's multi-line start-up reports, say) is left as it is. Registered before logging starts,
 * which reads the pattern in {@code logging.pattern.console}; JSON logs escape everything already.
 */
public class SafeLogMessages implements EnvironmentPostProcessor {
    static final String CONVERSION_WORD = "safeMessage";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(CONVERSION_WORD, Converter::new);
    }

    public static final class Converter extends MessageConverter {
        @Override
        public String convert(ILoggingEvent event) {
            Object[] args = event.getArgumentArray();
            if (args == null || args.length == 0) {
                return event.getFormattedMessage();
            }
            Object[] safe = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                safe[i] = args[i] instanceof Throwable ? args[i] : args[i] == null ? null : escape(String.valueOf(args[i]));
            }
            return MessageFormatter.arrayFormat(event.getMessage(), safe).getMessage();
        }
    }

    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\u%04x", (int) c);
                });
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
