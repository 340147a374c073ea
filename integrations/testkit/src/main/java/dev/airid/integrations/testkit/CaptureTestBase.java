package dev.airid.integrations.testkit;

import dev.airid.capture.DirectorySink;
import dev.airid.capture.FinishedRun;
import dev.airid.capture.ProvenanceSink;
import dev.airid.capture.RunCapture;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.verify.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every framework's integration test starts from, so that the frameworks are tested under the same conditions:
 * one loopback OpenAI-compatible server and one Ed25519 key for the class; per test, a fresh capture whose sink keeps
 * each finished run in memory and writes it to a directory of provenance files.
 */
public abstract class CaptureTestBase {

  /** The loopback server; reset before each test. */
  protected static OpenAiStub stub;
  /** The key every run is signed with. */
  protected static SigningKey key;
  /** Its public key, as a PEM file for {@code airid verify --key}. */
  protected static Path publicKeyFile;

  /** Where the directory sink writes each run's provenance file. */
  @TempDir protected Path dir;
  /** What the sink received; read it through {@link #finished()}, which waits for the bindings. */
  protected List<FinishedRun> finished;
  protected DirectorySink files;
  protected RunCapture capture;

  @BeforeAll
  static void startServerAndKey(@TempDir Path keys) throws Exception {
    stub = OpenAiStub.start();
    key = KeyFiles.generate(KeyType.ED25519);
    publicKeyFile = keys.resolve("run.pub");
    Files.write(publicKeyFile, KeyFiles.publicPem(key.verificationKey()));
  }

  @AfterAll
  static void stopServer() {
    stub.close();
  }

  @BeforeEach
  void openCapture() throws Exception {
    stub.reset();
    finished = Collections.synchronizedList(new ArrayList<>());
    files = ProvenanceSink.directory(dir);
    capture = RunCapture.builder().signingKey(key).sink(run -> {
      finished.add(run);
      files.accept(run);
    }).build();
  }

  @AfterEach
  void closeCapture() throws Exception {
    capture.close();
    files.close();
  }

  /** The runs the sink received, once every run ended so far is bound (outputs are signed off the calling thread). */
  protected List<FinishedRun> finished() throws InterruptedException {
    capture.flush();
    return List.copyOf(finished);
  }

  /** The subject names of each verified output attestation. */
  protected static List<List<String>> subjectNames(VerificationResult r) {
    return r.outputStatements().stream().map(s -> s.subjects().stream().map(dev.airid.attest.Subject::name).toList()).toList();
  }
}
