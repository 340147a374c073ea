package dev.airid.sigstore.internal;

/**
 * Records one named check (names as in spec/attestations.md §5.2 and spec/keyless.md §4) and returns whether it
 * passed; after an earlier failure the recorder may report it as skipped and return false.
 */
@FunctionalInterface
public interface CheckSink {
  boolean check(String name, boolean ok, String detail);
}
