package dev.airid.bench;

import dev.airid.declaration.Declaration;
import dev.airid.policy.Decision;
import dev.airid.policy.Gate;
import dev.airid.policy.Policy;
import dev.airid.testing.Paths2;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pre-run gate: examples/policy.yaml (four declaration rules) against examples/code-review.declaration.json, beside
 * its floor in the same run, parsing that declaration (which a caller does anyway before the model call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateBenchmark {

  private Gate gate;
  private Declaration declaration;
  private byte[] bytes;

  @Setup
  public void setUp() throws Exception {
    gate = new Gate(Policy.parse(Files.readAllBytes(Paths2.repositoryRoot().resolve("examples/policy.yaml")), "policy.yaml"));
    bytes = Files.readAllBytes(Paths2.repositoryRoot().resolve("examples/code-review.declaration.json"));
    declaration = Declaration.parse(bytes);
    if (!gate.check(declaration).approved()) {
      throw new IllegalStateException("the example should be approved");
    }
  }

  @Benchmark
  public Decision check() {
    return gate.check(declaration);
  }

  @Benchmark
  public Declaration floorParse() throws Exception {
    return Declaration.parse(bytes);
  }
}
