package dev.airid.sigstore;

import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Rekor (v1) log entry checks: signed entry timestamps, inclusion proofs, checkpoints. Stateless. */
final class Tlog {

  /** Clock skew tolerated when checking that a log or timestamp time is not in the future. */
  static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(1);

  /** Largest checkpoint (signed note) read, and most signature lines tried (sigstore-java also stops at 20). */
  static final int MAX_CHECKPOINT_CHARS = 64 * 1024;
  static final int MAX_CHECKPOINT_SIGNATURES = 20;

  private Tlog() {}

  /** The log of the trusted root whose id is {@code logId}, or null. */
  static TrustedRoot.Log find(TrustedRoot root, byte[] logId) {
    for (TrustedRoot.Log l : root.tlogs()) {
      if (MessageDigest.isEqual(l.logId(), logId)) {
        return l;
      }
    }
    return null;
  }

  /**
   * A signed entry timestamp: the log's signature over the RFC 8785 form of {@code {body, integratedTime, logID,
   * logIndex}}, which is what Rekor signs when it promises to include an entry.
   */
  static boolean verifySet(TrustedRoot.Log log, String canonicalizedBodyB64, long integratedTime, long logIndex,
      byte[] set, Provider bc) {
    JsonObject payload = JsonObject.builder()
        .put("body", canonicalizedBodyB64)
        .put("integratedTime", integratedTime)
        .put("logID", HexFormat.of().formatHex(log.logId()))
        .put("logIndex", logIndex)
        .build();
    return verify(log.key(), Json.canonicalize(payload), set, bc);
  }

  /** RFC 9162 §2.1.3.2: the audit path from the leaf at {@code index} leads to {@code root} in a tree of {@code size}. */
  static boolean verifyInclusion(byte[] leafData, long index, long size, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    byte[] r = hash((byte) 0, leafData, null);
    long fn = index;
    long sn = size - 1;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hash((byte) 1, p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = hash((byte) 1, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * A checkpoint (signed note): "origin\nsize\nbase64(root)\n[other lines]\n\n— name base64(keyhint4 || sig)\n…". The
   * note must be signed by the log's key and state {@code size} and {@code root}.
   */
  static String verifyCheckpoint(TrustedRoot.Log log, String envelope, long size, byte[] root, Provider bc) {
    // Each signature line costs a signature verification, before anything else is authenticated: bound both.
    if (envelope.length() > MAX_CHECKPOINT_CHARS) {
      return "checkpoint longer than " + MAX_CHECKPOINT_CHARS + " characters";
    }
    int blank = envelope.indexOf("\n\n");
    if (blank < 0) {
      return "checkpoint has no signature block";
    }
    String body = envelope.substring(0, blank + 1);
    String[] lines = body.split("\n");
    if (lines.length < 3) {
      return "checkpoint body has fewer than three lines";
    }
    long noteSize;
    byte[] noteRoot;
    try {
      noteSize = Long.parseLong(lines[1]);
      noteRoot = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      return "checkpoint size or root is malformed";
    }
    if (noteSize != size || !MessageDigest.isEqual(noteRoot, root)) {
      return "checkpoint states another tree (size " + noteSize + ") than the inclusion proof (size " + size + ")";
    }
    // The 4-byte key hint differs between note formats (Rekor v1: the log id's prefix; Go's Ed25519 notes: a hash of
    // name and key), and is only a hint: every signature line is tried with the log's key.
    int tried = 0;
    for (String line : envelope.substring(blank + 2).split("\n")) {
      if (!line.startsWith("\u2014 ")) {
        continue;
      }
      if (++tried > MAX_CHECKPOINT_SIGNATURES) {
        return "more than " + MAX_CHECKPOINT_SIGNATURES + " checkpoint signatures";
      }
      int sp = line.lastIndexOf(' ');
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(line.substring(sp + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (sig.length > 4 && verify(log.key(), body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, sig.length), bc)) {
        return null;
      }
    }
    return "no checkpoint signature by the log's key verifies";
  }

  static boolean verify(PublicKey key, byte[] data, byte[] sig, Provider bc) {
    String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
        : key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA") ? "Ed25519" : "SHA256withRSA";
    return LogEvidence.signatureVerifies(alg, alg.equals("SHA256withECDSA") ? bc : null, key, data, sig);
  }

  private static byte[] hash(byte prefix, byte[] a, byte[] b) {
    MessageDigest md = Sha256.newDigest();
    md.update(prefix);
    md.update(a);
    if (b != null) {
      md.update(b);
    }
    return md.digest();
  }

  static long longOf(JsonValue v) {
    if (v instanceof JsonString s) {
      return Long.parseLong(s.value());
    }
    return (long) ((JsonNumber) v).value();
  }

  static List<byte[]> hashes(JsonArray a) {
    return a.elements().stream().map(h -> Base64.getDecoder().decode(((JsonString) h).value())).toList();
  }
}
