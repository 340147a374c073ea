package dev.airid.capture;

import dev.airid.RunIdentity;

/**
 * Puts the run identity on the current OpenTelemetry span, as attribute {@value #ATTRIBUTE}, when the OpenTelemetry
 * API is on the class path. The API is an optional dependency: without it this does nothing and no OpenTelemetry class
 * is ever loaded (they are referenced only from {@link Otel}, which is loaded only when the API is present).
 */
final class Spans {

  static final String ATTRIBUTE = "airid.run.identity";

  private static final boolean PRESENT = present();

  private Spans() {}

  private static boolean present() {
    try {
      Class.forName("io.opentelemetry.api.trace.Span", false, Spans.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static void tag(RunIdentity identity) {
    if (PRESENT) {
      Otel.tag(identity);
    }
  }

  /** The only class that touches OpenTelemetry. */
  private static final class Otel {
    static void tag(RunIdentity identity) {
      io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.current();
      if (span.getSpanContext().isValid()) {
        span.setAttribute(ATTRIBUTE, identity.toString());
      }
    }
  }
}
