package dev.airid.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository and the shared third-party vectors beside it, for tests in any module. */
public final class Paths2 {

  private Paths2() {}

  /** The repository root: the nearest ancestor of the working directory that holds {@code mvnw}. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("spec"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the airid repository root above " + dir);
  }

  /** {@code test-vectors/} of this repository. */
  public static Path testVectors() {
    return repositoryRoot().resolve("test-vectors");
  }

  /**
   * {@code ../shared/external-vectors/<relative>}, read in place. Skips the calling test, with a message naming the
   * folder, when it is absent (a clone elsewhere); {@code .ci/run} refuses to run without it, so CI never skips.
   */
  public static Path externalVectors(String relative) {
    Path base = repositoryRoot().resolveSibling("shared").resolve("external-vectors").normalize();
    assumeTrue(
        Files.isDirectory(base),
        () -> "third-party vectors not found at " + base + " (../shared/external-vectors): test skipped");
    Path p = base.resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("expected third-party vector file is missing: " + p);
    }
    return p;
  }
}
