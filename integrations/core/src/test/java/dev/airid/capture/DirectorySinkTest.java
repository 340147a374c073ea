package dev.airid.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.OperationFailedException;
import dev.airid.attest.Provenance;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory sink loses no run: not when its queue is full, not after it is closed; flush waits for every write. */
class DirectorySinkTest {

  static SigningKey key;

  @BeforeAll
  static void keys() throws Exception {
    key = KeyFiles.generate(KeyType.ED25519);
  }

  /** Finished runs, each with its own declaration, signed in synchronous mode (no sink: the test hands them over). */
  static List<FinishedRun> runs(int n) throws Exception {
    List<FinishedRun> runs = new ArrayList<>();
    try (RunCapture capture = RunCapture.builder().signingKey(key).synchronous(true).build()) {
      for (int i = 0; i < n; i++) {
        Run run = capture.begin(ChatDeclaration.of("gpt-4o", "openai").user("question " + i, null), "test", "1.0", null);
        run.succeeded(ChatOutcome.text("answer " + i));
        runs.add(run.finished().get());
      }
    }
    return runs;
  }

  static void assertWritten(DirectorySink sink, FinishedRun run) throws Exception {
    Path file = sink.fileOf(run.identity());
    assertTrue(Files.exists(file), () -> "missing " + file);
    assertEquals(2, Provenance.split(Files.readAllBytes(file)).size());
  }

  @Test
  void aFullQueueMakesTheCallerWriteAndFlushStillWaitsForEveryRun(@TempDir Path dir) throws Exception {
    List<FinishedRun> runs = runs(200);
    DirectorySink sink = DirectorySink.open(dir, 1);
    ExecutorService handers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> handed = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int from = t;
        handed.add(handers.submit(() -> {
          for (int i = from; i < runs.size(); i += 4) {
            sink.accept(runs.get(i));
          }
        }));
      }
      for (Future<?> f : handed) {
        f.get();
      }
      sink.flush();
      for (FinishedRun run : runs) {
        assertWritten(sink, run);
      }
    } finally {
      handers.shutdownNow();
      sink.close();
    }
    try (var files = Files.list(dir)) {
      assertEquals(200, files.count(), "one file per run, no temporary file left");
    }
  }

  @Test
  void runsHandedOverAfterCloseAreWrittenByTheCaller(@TempDir Path dir) throws Exception {
    List<FinishedRun> runs = runs(2);
    DirectorySink sink = DirectorySink.open(dir);
    sink.accept(runs.get(0));
    sink.close();
    assertWritten(sink, runs.get(0));
    sink.accept(runs.get(1));
    assertWritten(sink, runs.get(1)); // written before accept returned
    sink.flush();
  }

  @Test
  void aWriteFailureIsReportedByFlushWithItsCode(@TempDir Path dir) throws Exception {
    List<FinishedRun> runs = runs(1);
    DirectorySink sink = DirectorySink.open(dir);
    // The directory removed under the sink (a volume unmounted, a clean-up job): the write cannot happen.
    Files.delete(dir);
    sink.accept(runs.get(0));
    OperationFailedException e = assertThrows(OperationFailedException.class, sink::flush);
    assertEquals(ErrorCode.IO_ERROR, e.code(), e::getMessage);
    sink.flush(); // reported once
    sink.close();
  }
}
