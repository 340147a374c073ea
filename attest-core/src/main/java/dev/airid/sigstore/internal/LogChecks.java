package dev.airid.sigstore.internal;

import dev.airid.verify.CheckNames;
import dev.airid.InputRejectedException;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.sigstore.TransparencyLogEntry;
import dev.airid.sigstore.TrustedRoot;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The checks of one transparency log entry whose body the caller has matched to the bundle, against a trusted root:
 * {@code tlog.log}, {@code tlog.evidence}, {@code tlog.set}, {@code tlog.inclusion}, {@code tlog.checkpoint}.
 * Stateless.
 */
public final class LogChecks {

  /** Clock skew tolerated when checking that a log or timestamp time is not in the future. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private LogChecks() {}

  /** The outcome: whether every check passed, and the integrated time if a signed entry timestamp vouches for it. */
  public record Outcome(boolean ok, Optional<Instant> integratedTime) {
    static final Outcome FAILED = new Outcome(false, Optional.empty());
  }

  /**
   * Checks {@code e}. Its integrated time counts only when the signed entry timestamp (SET) signs it: neither the Merkle
   * leaf nor the checkpoint covers that field, so without a SET anyone could rewrite it. An entry without a signed
   * integrated time (Rekor v2, or a SET-less v1 entry) takes its time from {@code fallbackTime}, the time a timestamp
   * authority vouched for, and fails without one. Bundles v0.2 and later must carry an inclusion proof ({@code
   * proofRequired}); v0.1 bundles may carry only the signed entry timestamp.
   *
   * @param at the entry's JSON Pointer, for the checkpoint's parse errors
   */
  public static Outcome check(TransparencyLogEntry e, String at, TrustedRoot root, Instant now, Optional<Instant> fallbackTime,
      boolean proofRequired, CheckSink checks) {
    Optional<TrustedRoot.Log> log = find(root, e.logId());
    long stated = e.integratedTime();
    boolean hasSet = e.signedEntryTimestamp().isPresent();
    long integrated = hasSet ? stated : 0; // an unsigned integrated time is ignored, not trusted
    if (integrated == 0 && fallbackTime.isEmpty()) {
      checks.check(CheckNames.TLOG_LOG, false, stated != 0
          ? "the entry's integrated time is not signed (no signed entry timestamp), and no timestamp authority vouches for the signing time"
          : "the entry has no integrated time and no timestamp authority vouches for the signing time");
      return Outcome.FAILED;
    }
    Instant t = integrated == 0 ? fallbackTime.get() : Instant.ofEpochSecond(integrated);
    boolean future = t.isAfter(now.plus(CLOCK_SKEW));
    if (!checks.check(CheckNames.TLOG_LOG, log.isPresent() && log.get().validAt(t) && !future,
        log.isEmpty() ? "the entry's log is not in the trusted root"
            : future ? "integrated time " + t + " is in the future"
            : log.get().validAt(t) ? (integrated == 0 ? "signed at " + t + " (timestamp authority); " : "integrated at " + t + " ")
                + "in a trusted log" : "the log's key was not valid at " + t)) {
      return Outcome.FAILED;
    }
    Optional<TransparencyLogEntry.InclusionProof> proof = e.inclusionProof();
    boolean needProof = proofRequired || integrated == 0;
    if (!checks.check(CheckNames.TLOG_EVIDENCE, needProof ? proof.isPresent() : hasSet || proof.isPresent(),
        proof.isPresent() ? "an inclusion proof" + (hasSet ? " and promise" : "")
            : needProof ? "no inclusion proof (required for bundles v0.2 and later, and for entries without an integrated time)"
            : hasSet ? "an inclusion promise" : "no inclusion promise or proof")) {
      return Outcome.FAILED;
    }
    if (hasSet && !checks.check(CheckNames.TLOG_SET, verifySet(log.get(), e, integrated), "signed entry timestamp by the log")) {
      return Outcome.FAILED;
    }
    if (proof.isPresent()) {
      TransparencyLogEntry.InclusionProof p = proof.get();
      boolean included = verifyInclusion(e.canonicalizedBody(), p.logIndex(), p.treeSize(), p.hashes(), p.rootHash());
      if (!checks.check(CheckNames.TLOG_INCLUSION, included,
          included ? "leaf " + p.logIndex() + " of " + p.treeSize() : "the inclusion proof does not lead to the root")) {
        return Outcome.FAILED;
      }
      Optional<String> problem = checkpointProblem(log.get(), p, at + "/inclusionProof/checkpoint/envelope");
      if (!checks.check(CheckNames.TLOG_CHECKPOINT, problem.isEmpty(), problem.orElse("signed by the log"))) {
        return Outcome.FAILED;
      }
    }
    return new Outcome(true, integrated == 0 ? Optional.empty() : Optional.of(t));
  }

  /** The log of the trusted root whose id is {@code logId}. */
  static Optional<TrustedRoot.Log> find(TrustedRoot root, byte[] logId) {
    return root.tlogs().stream().filter(l -> MessageDigest.isEqual(l.logId(), logId)).findFirst();
  }

  /**
   * The signed entry timestamp is the log's signature over the RFC 8785 form of {@code {body, integratedTime, logID,
   * logIndex}}, which is what Rekor signs when it promises to include an entry.
   */
  static boolean verifySet(TrustedRoot.Log log, TransparencyLogEntry e, long integratedTime) {
    JsonObject payload = JsonObject.builder()
        .put("body", Base64.getEncoder().encodeToString(e.canonicalizedBody()))
        .put("integratedTime", integratedTime)
        .put("logID", HexFormat.of().formatHex(log.logId()))
        .put("logIndex", e.logIndex())
        .build();
    return Signatures.verify(log.key(), Json.canonicalize(payload), e.signedEntryTimestamp().orElseThrow());
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
   * Why the proof's checkpoint does not vouch for its tree, if it does not: it must parse, state the proof's size and
   * root, and carry a signature line by the entry's own log — its 4-byte key hint the first bytes of the log's id, as
   * Rekor v1 and v2 both write it — that verifies under the log's key. Lines by other signers (witnesses cosigning the
   * note) are ignored: they vouch for nothing here.
   */
  static Optional<String> checkpointProblem(TrustedRoot.Log log, TransparencyLogEntry.InclusionProof p, String at) {
    SignedNote note;
    try {
      note = SignedNote.parse(p.checkpoint(), at);
    } catch (InputRejectedException e) {
      return Optional.of(e.reason());
    }
    if (note.size() != p.treeSize() || !MessageDigest.isEqual(note.rootHash(), p.rootHash())) {
      return Optional.of("checkpoint states another tree (size " + note.size() + ") than the inclusion proof (size " + p.treeSize() + ")");
    }
    byte[] hint = java.util.Arrays.copyOf(log.logId(), 4);
    byte[] body = note.body();
    boolean hinted = false;
    for (SignedNote.NoteSignature s : note.signatures()) {
      if (!MessageDigest.isEqual(s.keyHint(), hint)) {
        continue;
      }
      hinted = true;
      if (Signatures.verify(log.key(), body, s.signature())) {
        return Optional.empty();
      }
    }
    return Optional.of(hinted ? "the checkpoint signature by the log's key does not verify"
        : "the checkpoint has no signature line by the entry's log (key hint " + java.util.HexFormat.of().formatHex(hint) + ")");
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
}
