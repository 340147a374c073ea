package dev.airid.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.OperationFailedException;
import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.attest.BundleSigner;
import dev.airid.attest.Dsse;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Provenance;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.Artifact;
import dev.airid.verify.TrustPolicy;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where and when a run's output is bound: off the calling thread by default (the identity and the run attestation are
 * there when the call returns; {@link RunCapture#flush()} makes every output attestation visible), on the calling
 * thread when the binding queue is full or the capture is synchronous or closed. Real Ed25519 signatures, verified
 * with the library verifier.
 */
class RunCaptureBindingTest {

  static SigningKey key;

  @BeforeAll
  static void keys() throws Exception {
    key = KeyFiles.generate(KeyType.ED25519);
  }

  /**
   * Signs with {@link #key}, records the thread of every output signature, and holds the first output signature
   * until {@link #release()}: a slow signer under the test's control.
   */
  static final class HeldSigner implements BundleSigner {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);
    final List<String> outputThreads = Collections.synchronizedList(new ArrayList<>());
    private boolean first = true;

    @Override
    public Bundle sign(String type, byte[] payload) throws OperationFailedException {
      if (new String(payload, StandardCharsets.UTF_8).contains(Attestor.OUTPUT_PREDICATE)) {
        outputThreads.add(Thread.currentThread().getName());
        boolean hold;
        synchronized (this) {
          hold = first;
          first = false;
        }
        if (hold) {
          entered.countDown();
          try {
            if (!released.await(60, TimeUnit.SECONDS)) {
              throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "the test never released the signer");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "interrupted", e);
          }
        }
      }
      return Bundle.withKeyHint(key.keyId(), new Dsse.Envelope(type, payload,
          List.of(new Dsse.Signature(key.keyId(), key.sign(Dsse.pae(type, payload))))));
    }

    void release() {
      released.countDown();
    }
  }

  static Run call(RunCapture capture, String question) {
    Run run = capture.begin(ChatDeclaration.of("gpt-4o", "openai").user(question, null), "test", "1.0",
        RunScope.current().orElse(null));
    run.succeeded(ChatOutcome.text("answer to " + question));
    return run;
  }

  /** The run's provenance verifies and binds its response text. */
  static VerificationResult verify(FinishedRun run, String question) {
    VerificationResult r = Verifier.of(TrustPolicy.of(key.verificationKey())).verify(Provenance.join(run.bundles()),
        Artifact.ofBytes("response", ("answer to " + question).getBytes(StandardCharsets.UTF_8)));
    assertTrue(r.verified(), () -> r.firstFailure().toString());
    return r;
  }

  @Test
  void theCallReturnsBeforeItsOutputIsSignedAndItsIdentityIsReadableAtOnce() throws Exception {
    HeldSigner signer = new HeldSigner();
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    RunCapture capture = RunCapture.builder().signer(signer).sink(sink::add).build();
    try (RunScope scope = RunScope.open()) {
      Run run = call(capture, "q"); // returns although the output signature is held
      assertEquals(run.identity(), scope.last().orElseThrow().identity());
      assertTrue(run.runBundle().isPresent(), "the run attestation is signed before the call");
      assertTrue(signer.entered.await(30, TimeUnit.SECONDS));
      assertFalse(run.finished().isDone());
      assertTrue(sink.isEmpty());

      signer.release();
      capture.flush();
      assertTrue(run.finished().isDone());
      assertEquals(1, sink.size());
      assertTrue(signer.outputThreads.get(0).startsWith("airid-binding-"), signer.outputThreads.toString());
      VerificationResult r = verify(sink.get(0), "q");
      assertEquals(run.identity(), r.identity().orElseThrow());
      assertEquals(ExecutionFacts.Status.SUCCEEDED, r.artifact().orElseThrow().execution().orElseThrow().status());
    } finally {
      signer.release();
      capture.close();
    }
  }

  @Test
  void flushMakesEveryOutputAttestationVisible() throws Exception {
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    Set<RunIdentity> made = Collections.synchronizedSet(new HashSet<>());
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (RunCapture capture = RunCapture.builder().signingKey(key).sink(sink::add).build()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String q = "q" + i;
        calls.add(callers.submit(() -> made.add(call(capture, q).identity())));
      }
      for (Future<?> f : calls) {
        f.get();
      }
      capture.flush();
      assertEquals(8, sink.size());
      Set<RunIdentity> bound = new HashSet<>();
      for (FinishedRun run : List.copyOf(sink)) {
        assertTrue(run.outputBundle().isPresent());
        bound.add(run.identity());
        verify(run, ((dev.airid.json.JsonString) ((dev.airid.json.JsonObject) ((dev.airid.json.JsonArray) run.declaration()
            .json().getOrNull("inputs")).get(0)).getOrNull("content")).value());
      }
      assertEquals(made, bound);
    } finally {
      callers.shutdown();
    }
  }

  @Test
  void whenTheQueueIsFullTheCallerBindsItsOwnRun() throws Exception {
    HeldSigner signer = new HeldSigner();
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    RunCapture capture = RunCapture.builder().signer(signer).binding(1, 1).sink(sink::add).build();
    try {
      Run first = call(capture, "first"); // taken by the one binding thread, which the signer holds
      assertTrue(signer.entered.await(30, TimeUnit.SECONDS));
      Run second = call(capture, "second"); // fills the queue of one
      Run third = call(capture, "third"); // no room: bound here, before call() returned
      assertTrue(third.finished().isDone());
      assertEquals(Thread.currentThread().getName(), signer.outputThreads.get(1));
      assertEquals(List.of(third.identity()), sink.stream().map(FinishedRun::identity).toList());
      assertFalse(first.finished().isDone());
      assertFalse(second.finished().isDone());

      signer.release();
      capture.flush();
      assertEquals(3, sink.size());
      for (FinishedRun run : List.copyOf(sink)) {
        assertTrue(run.outputBundle().isPresent());
      }
    } finally {
      signer.release();
      capture.close();
    }
  }

  @Test
  void aSynchronousCaptureBindsOnTheCallingThreadBeforeTheCallReturns() throws Exception {
    HeldSigner signer = new HeldSigner();
    signer.release(); // nothing is held: a held signature would hold the caller
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    try (RunCapture capture = RunCapture.builder().signer(signer).synchronous(true).sink(sink::add).build()) {
      assertTrue(capture.synchronous());
      Run run = call(capture, "q");
      assertTrue(run.finished().isDone());
      assertEquals(List.of(Thread.currentThread().getName()), signer.outputThreads);
      assertEquals(1, sink.size());
      verify(sink.get(0), "q");
    }
  }

  /** A signer whose output signatures fail, as a keyless signer does when Rekor is down. */
  static BundleSigner failingOutputs() {
    return (type, payload) -> {
      if (new String(payload, StandardCharsets.UTF_8).contains(Attestor.OUTPUT_PREDICATE)) {
        throw new OperationFailedException(ErrorCode.SERVICE_FAILED, "the transparency log is down");
      }
      return Bundle.withKeyHint(key.keyId(), new Dsse.Envelope(type, payload,
          List.of(new Dsse.Signature(key.keyId(), key.sign(Dsse.pae(type, payload))))));
    };
  }

  @Test
  void anOutputThatCannotBeSignedIsReportedByFlushAndTheRunAttestationIsKept() throws Exception {
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    try (RunCapture capture = RunCapture.builder().signer(failingOutputs()).sink(sink::add).build()) {
      call(capture, "q"); // the caller is not disturbed
      ProvenanceException e = assertThrows(ProvenanceException.class, capture::flush);
      assertEquals(ErrorCode.SERVICE_FAILED, e.code());
      FinishedRun run = sink.get(0);
      assertTrue(run.runBundle().isPresent());
      assertTrue(run.outputBundle().isEmpty());
      assertTrue(run.provenanceError().isPresent());
      capture.flush(); // reported once
    }
  }

  @Test
  void aSynchronousCaptureThrowsAnOutputThatCannotBeSignedToTheCaller() throws Exception {
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    try (RunCapture capture = RunCapture.builder().signer(failingOutputs()).synchronous(true).sink(sink::add).build()) {
      Run run = capture.begin(ChatDeclaration.of("gpt-4o", "openai").user("q", null), "test", "1.0", null);
      ProvenanceException e = assertThrows(ProvenanceException.class, () -> run.succeeded(ChatOutcome.text("a")));
      assertEquals(ErrorCode.SERVICE_FAILED, e.code());
      assertTrue(sink.get(0).runBundle().isPresent(), "the run still reaches the sink, with its run attestation");
      // A failed call never throws from failed(): the caller's own exception is what propagates.
      Run other = capture.begin(ChatDeclaration.of("gpt-4o", "openai").user("r", null), "test", "1.0", null);
      other.failed(new IllegalStateException("provider down"));
      assertEquals(ErrorCode.SERVICE_FAILED, assertThrows(ProvenanceException.class, capture::flush).code());
    }
  }

  @Test
  void afterCloseRunsAreBoundOnTheCallingThread() throws Exception {
    HeldSigner signer = new HeldSigner();
    signer.release();
    List<FinishedRun> sink = Collections.synchronizedList(new ArrayList<>());
    RunCapture capture = RunCapture.builder().signer(signer).sink(sink::add).build();
    call(capture, "before");
    capture.close(); // waits for the pending binding
    assertEquals(1, sink.size());
    Run after = call(capture, "after");
    assertTrue(after.finished().isDone());
    assertEquals(Thread.currentThread().getName(), signer.outputThreads.get(1));
    verify(sink.get(1), "after");
  }
}
