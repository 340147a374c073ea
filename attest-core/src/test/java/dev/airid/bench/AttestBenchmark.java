package dev.airid.bench;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attest and verify of a 4 KiB declaration, each beside its floor in the same run: the raw signature operation over
 * the same PAE bytes (floorAttest = sign, floorVerify = verify). The difference is what airid adds: building and
 * parsing JSON, recomputing the identity, the checks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AttestBenchmark {

  @Param({"ED25519", "ECDSA_P256"})
  public String keyType;

  private SigningKey key;
  private Attestor attestor;
  private Verifier verifier;
  private Declaration declaration;
  private byte[] bundle;
  private byte[] pae;
  private byte[] signature;

  @Setup
  public void setUp() throws Exception {
    key = KeyFiles.generate(KeyType.valueOf(keyType));
    attestor = new Attestor(key);
    verifier = Verifier.of(TrustPolicy.of(key.verificationKey()));
    declaration = Declaration.parse(IdentityBenchmark.declarationOfSize(4096, new Random(7)));
    Bundle b = attestor.attestDeclaration(declaration, null);
    bundle = b.toBytes();
    pae = b.envelope().orElseThrow().pae();
    signature = b.envelope().orElseThrow().signatures().get(0).sig();
    if (!verifier.verify(bundle).verified()) {
      throw new IllegalStateException("benchmark bundle does not verify");
    }
  }

  @Benchmark
  public Bundle attest() throws Exception {
    return attestor.attestDeclaration(declaration, null);
  }

  @Benchmark
  public byte[] floorAttest() throws Exception {
    return key.sign(pae);
  }

  @Benchmark
  public VerificationResult verify() {
    return verifier.verify(bundle);
  }

  @Benchmark
  public boolean floorVerify() {
    return key.verificationKey().verify(pae, signature);
  }

}
