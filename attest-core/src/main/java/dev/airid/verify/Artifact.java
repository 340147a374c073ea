package dev.airid.verify;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.sigstore.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The artifact a verification is about: a file, bytes in memory, or only a digest. The verifier asks for the digest
 * with whatever algorithm the provenance uses (SHA-256, SHA-384 or SHA-512); a file is read for each algorithm asked
 * for, once, and the result kept. A signature that signs the message itself (Ed25519 message signatures) needs the
 * bytes, which a file gives up to {@link #MAX_BYTES_IN_MEMORY}.
 *
 * <p>Thread-safe. A file that cannot be read yields no digest; the check that needed it then fails and says so
 * ({@link #readProblem()}).
 */
public final class Artifact {

  /** Largest artifact held in memory, for signatures that cannot be checked from a digest. */
  public static final long MAX_BYTES_IN_MEMORY = 256L << 20;

  private final String name;
  private final Path file;
  private final byte[] bytes;
  private final Map<HashAlgorithm, byte[]> digests = new EnumMap<>(HashAlgorithm.class);
  private String readProblem;

  private Artifact(String name, Path file, byte[] bytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.file = file;
    this.bytes = bytes;
  }

  /** A file; its name (for reports and subject names) is the file name. Nothing is read until a digest is needed. */
  public static Artifact ofFile(Path file) {
    Path f = file.getFileName();
    return new Artifact(f == null ? file.toString() : f.toString(), file, null);
  }

  /** Bytes in memory. */
  public static Artifact ofBytes(String name, byte[] data) {
    return new Artifact(name, null, data.clone());
  }

  /** Known only by its digest: checks that need another digest, or the bytes, fail. */
  public static Artifact ofDigest(String name, HashAlgorithm algorithm, byte[] digest) {
    if (!algorithm.computable() || digest.length != algorithm.length()) {
      throw new IllegalArgumentException("a " + algorithm + " digest has " + algorithm.length() + " bytes");
    }
    Artifact a = new Artifact(name, null, null);
    a.digests.put(algorithm, digest.clone());
    return a;
  }

  /**
   * Parses {@code sha256:HEX}, {@code sha384:HEX} or {@code sha512:HEX} (hex in either case).
   *
   * @throws InputRejectedException {@link ErrorCode#USAGE} if it is not one of those
   */
  public static Artifact parseDigest(String text) throws InputRejectedException {
    int colon = text.indexOf(':');
    Optional<HashAlgorithm> alg = colon < 0 ? Optional.empty() : HashAlgorithm.ofIntotoName(text.substring(0, colon));
    if (alg.isPresent()) {
      String hex = text.substring(colon + 1);
      if (hex.length() == 2 * alg.get().length() && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return ofDigest(text, alg.get(), HexFormat.of().parseHex(hex));
      }
    }
    throw InputRejectedException.of(ErrorCode.USAGE,
        "a digest is sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>, not \"" + text + "\"");
  }

  /** Whether {@code text} looks like a digest argument ({@code sha256:…}, {@code sha384:…}, {@code sha512:…}). */
  public static boolean looksLikeDigest(String text) {
    int colon = text.indexOf(':');
    return colon > 0 && HashAlgorithm.ofIntotoName(text.substring(0, colon)).isPresent();
  }

  /** The name: the file name, or the name given. */
  public String name() {
    return name;
  }

  /** The file, if this artifact is one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The digest with {@code algorithm}, if it is known or can be computed. */
  public synchronized Optional<byte[]> digest(HashAlgorithm algorithm) {
    byte[] d = digests.get(algorithm);
    if (d == null && algorithm.computable() && (bytes != null || file != null && readProblem == null)) {
      if (bytes != null) {
        d = algorithm.newDigest().digest(bytes);
      } else {
        d = hashFile(algorithm);
      }
      if (d != null) {
        digests.put(algorithm, d);
      }
    }
    return d == null ? Optional.empty() : Optional.of(d.clone());
  }

  /** The digests known so far, by in-toto name ({@code sha256 → hex}), for reports. */
  public synchronized Map<String, String> knownDigests() {
    Map<String, String> out = new java.util.TreeMap<>();
    digests.forEach((a, d) -> out.put(a.intotoName(), HexFormat.of().formatHex(d)));
    return out;
  }

  /** The bytes, for signatures that sign the message itself; a file larger than {@link #MAX_BYTES_IN_MEMORY} gives none. */
  public synchronized Optional<byte[]> bytes() {
    if (bytes != null) {
      return Optional.of(bytes.clone());
    }
    if (file == null || readProblem != null) {
      return Optional.empty();
    }
    try {
      if (Files.size(file) > MAX_BYTES_IN_MEMORY) {
        return Optional.empty();
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      readProblem = dev.airid.internal.Causes.describe(e);
      return Optional.empty();
    }
  }

  /** Why the file could not be read, if it could not. */
  public synchronized Optional<String> readProblem() {
    return Optional.ofNullable(readProblem);
  }

  private byte[] hashFile(HashAlgorithm algorithm) {
    MessageDigest md = algorithm.newDigest();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return md.digest();
    } catch (IOException e) {
      readProblem = dev.airid.internal.Causes.describe(e);
      return null;
    }
  }

  @Override
  public String toString() {
    return "Artifact[" + name + "]";
  }
}
