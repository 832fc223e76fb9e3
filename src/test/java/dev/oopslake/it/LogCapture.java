package dev.oopslake.it;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log event of this JVM at INFO and up (Spark, Hadoop, Iceberg, oopslake), in memory, while
 * open; the console keeps its usual WARN. For checks that search what a run logged.
 */
final class LogCapture implements AutoCloseable {
  private final StringWriter text = new StringWriter();
  private final Appender appender;
  private final Level rootLevel;

  private LogCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("capture")
            .setTarget(text)
            .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex").build())
            .build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig root = config.getRootLogger();
    rootLevel = root.getLevel();
    Level consoleLevel = rootLevel;
    root.removeAppender("console");
    root.addAppender(config.getAppender("console"), consoleLevel, null);
    root.addAppender(appender, Level.INFO, null);
    root.setLevel(Level.INFO);
    ctx.updateLoggers();
  }

  static LogCapture start() {
    return new LogCapture();
  }

  synchronized String text() {
    return text.toString();
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = ctx.getConfiguration().getRootLogger();
    root.removeAppender("capture");
    root.setLevel(rootLevel);
    ctx.updateLoggers();
    appender.stop();
  }
}
