package io.sensuspush.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies the logging options to Logback at run time, over what {@code logback.xml} set up: swaps the
 * console encoder for Logback's {@link JsonEncoder} (and back), and sets {@code io.sensuspush} to DEBUG when
 * verbose. Does nothing when SLF4J is bound to something else.
 */
final class LoggingSetup {
    static final String OUR_LOGGERS = "io.sensuspush";
    private static final Map<Appender<ILoggingEvent>, Encoder<ILoggingEvent>> TEXT_ENCODERS = new IdentityHashMap<>();

    private LoggingSetup() {
    }

    static synchronized void format(LoggingOptions.Format format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (it.hasNext()) {
            if (!(it.next() instanceof OutputStreamAppender<ILoggingEvent> appender)) {
                continue;
            }
            Encoder<ILoggingEvent> current = appender.getEncoder();
            if (format == LoggingOptions.Format.json && !(current instanceof JsonEncoder)) {
                TEXT_ENCODERS.put(appender, current);
                appender.setEncoder(jsonEncoder(context));
            } else if (format == LoggingOptions.Format.text && current instanceof JsonEncoder
                    && TEXT_ENCODERS.containsKey(appender)) {
                appender.setEncoder(TEXT_ENCODERS.remove(appender));
            }
        }
    }

    static synchronized void verbose(boolean verbose) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            // null: inherit the configured level again
            context.getLogger(OUR_LOGGERS).setLevel(verbose ? Level.DEBUG : null);
        }
    }

    /** One JSON object per line: timestamp, level, thread, logger, formatted message, exception. */
    private static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
