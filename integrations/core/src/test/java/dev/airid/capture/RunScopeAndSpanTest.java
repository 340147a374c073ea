package dev.airid.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.RunIdentity;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonString;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class RunScopeAndSpanTest {

  static Run start(RunCapture capture, String text) {
    return capture.begin(ChatDeclaration.of("gpt-4o", "openai").user(text, null), "test", null, RunScope.current().orElse(null));
  }

  @Test
  void theIdentityGoesOnTheCurrentSpan() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Span span = tracing.get("test").spanBuilder("chat").startSpan();
      RunIdentity id;
      try (Scope ignored = span.makeCurrent()) {
        id = start(RunCapture.identityOnly(), "hi").identity();
      } finally {
        span.end();
      }
      assertEquals(id.toString(), exporter.getFinishedSpanItems().get(0).getAttributes()
          .get(io.opentelemetry.api.common.AttributeKey.stringKey("airid.run.identity")));
    }
  }

  @Test
  void scopesDeclareParentsAndCrossThreadsOnlyWhenCarried() throws Exception {
    RunCapture capture = RunCapture.identityOnly();
    try (RunScope outer = RunScope.open()) {
      Run a = start(capture, "plan");
      a.succeeded(new ChatOutcome("ok", null, null, null, null, null, null));
      RunIdentity parent = outer.last().orElseThrow().identity();
      try (RunScope child = RunScope.open(parent)) {
        assertEquals(JsonArray.of(JsonString.of(parent.toString())), start(capture, "tool").declaration().json().getOrNull("parents"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
          // Not carried: another thread has no scope, hence no parents.
          assertEquals(null, pool.submit(() -> start(capture, "tool").declaration().json().getOrNull("parents")).get());
          // Carried with wrap(): the same parents.
          assertEquals(JsonArray.of(JsonString.of(parent.toString())),
              pool.submit(child.wrap(() -> start(capture, "tool").declaration().json().getOrNull("parents"))).get());
          assertThrows(IllegalStateException.class, () -> {
            try {
              pool.submit(() -> child.close()).get();
            } catch (java.util.concurrent.ExecutionException e) {
              throw e.getCause();
            }
          });
        } finally {
          pool.shutdown();
        }
      }
      assertTrue(RunScope.current().isPresent());
    }
    assertTrue(RunScope.current().isEmpty());
  }

  @Test
  void pendingContextIsTakenByTheNextRunOnly() {
    RunCapture capture = RunCapture.identityOnly();
    try (RunScope scope = RunScope.open()) {
      scope.context(new ContextItem("https://example.com/a", "A"));
      assertTrue(start(capture, "q").declaration().json().has("context"));
      assertTrue(!start(capture, "q").declaration().json().has("context"));
    }
  }
}
