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

  /**
   * A file as a subject: its file name and the SHA-256 of its bytes, read in one streaming pass.
   *
   * @throws dev.airid.InputRejectedException {@code INPUT_NOT_FOUND} if it does not exist or is a directory
   * @throws dev.airid.OperationFailedException {@code IO_ERROR} if it cannot be read
   */
  public static Subject ofFile(java.nio.file.Path file) throws dev.airid.AiridException {
    if (java.nio.file.Files.isDirectory(file)) {
      throw dev.airid.InputRejectedException.of(dev.airid.ErrorCode.INPUT_NOT_FOUND, file + " is a directory, not a file");
    }
    try {
      java.nio.file.Path name = file.getFileName();
      return sha256(name == null ? file.toString() : name.toString(), dev.airid.internal.Sha256.hexOfFile(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw dev.airid.InputRejectedException.of(dev.airid.ErrorCode.INPUT_NOT_FOUND, file + ": no such file");
    } catch (java.io.IOException e) {
      throw new dev.airid.OperationFailedException(dev.airid.ErrorCode.IO_ERROR,
          "cannot read " + file + ": " + dev.airid.internal.Causes.describe(e), e);
    }
  }
}
