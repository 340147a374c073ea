package dev.airid.attest;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A subject of an in-toto Statement (a ResourceDescriptor with a name and a digest set).
 *
 * @param name the artifact's name (a file name, or a run identity)
 * @param digest algorithm name → lowercase hex, e.g. {@code sha256 → …}
 */
public record Subject(String name, Map<String, String> digest) {

  public Subject {
    Objects.requireNonNull(name, "name");
    // Sorted, so that a payload lists digest algorithms in one order on every run (Map.copyOf would not keep it).
    digest = java.util.Collections.unmodifiableMap(new TreeMap<>(digest));
  }

  /** A subject identified by its SHA-256. */
  public static Subject sha256(String name, String hex) {
    return new Subject(name, Map.of("sha256", hex));
  }
}
