package dev.airid.sigstore;

import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transparency log entry as a Sigstore bundle carries it ({@code dev.sigstore.rekor.v1.TransparencyLogEntry}): where
 * the log put the entry, the body it logged, and the evidence that it did (a signed entry timestamp, an inclusion proof
 * with a signed checkpoint). Parsed, not verified: the verifier checks it against a trusted root.
 *
 * @param logIndex the entry's index in the log (0 may mean "omitted", as protobuf JSON drops defaults)
 * @param logId the log's id: SHA-256 of its public key (DER SubjectPublicKeyInfo)
 * @param kind the body's kind, e.g. {@code hashedrekord}, {@code dsse}, {@code intoto}
 * @param version the body's version, e.g. {@code 0.0.1}
 * @param integratedTime when the log integrated the entry, Unix seconds; 0 when the entry states none (Rekor v2)
 * @param signedEntryTimestamp the log's signature over the entry (the inclusion promise), if present
 * @param inclusionProof the inclusion proof, if present
 * @param canonicalizedBody the exact body bytes the log hashed into its tree
 */
public record TransparencyLogEntry(long logIndex, byte[] logId, String kind, String version, long integratedTime,
    Optional<byte[]> signedEntryTimestamp, Optional<InclusionProof> inclusionProof, byte[] canonicalizedBody) {

  /**
   * An inclusion proof (RFC 9162 §2.1.3) with the signed checkpoint (a signed note) that states the tree it is for.
   *
   * @param logIndex the leaf index proven (0 may mean "omitted": a tree of size 1 has only leaf 0)
   * @param rootHash the tree's root hash
   * @param treeSize the tree's size
   * @param hashes the audit path, leaf to root (empty for a tree of size 1)
   * @param checkpoint the signed note's text
   */
  public record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {
    public InclusionProof {
      rootHash = rootHash.clone();
      hashes = hashes.stream().map(byte[]::clone).toList();
      Objects.requireNonNull(checkpoint, "checkpoint");
    }

    @Override
    public byte[] rootHash() {
      return rootHash.clone();
    }

    @Override
    public List<byte[]> hashes() {
      return hashes.stream().map(byte[]::clone).toList();
    }

    JsonObject toJson() {
      List<JsonValue> h = new ArrayList<>();
      hashes.forEach(b -> h.add(JsonString.of(B64.encodeToString(b))));
      return JsonObject.builder()
          .put("logIndex", Long.toString(logIndex))
          .put("rootHash", B64.encodeToString(rootHash))
          .put("treeSize", Long.toString(treeSize))
          .put("hashes", JsonArray.of(h))
          .put("checkpoint", JsonObject.builder().put("envelope", checkpoint).build())
          .build();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof InclusionProof p && p.logIndex == logIndex && Arrays.equals(p.rootHash, rootHash)
          && p.treeSize == treeSize && p.checkpoint.equals(checkpoint) && sameBytes(p.hashes, hashes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(rootHash) * 31 + Long.hashCode(treeSize);
    }
  }

  public TransparencyLogEntry {
    logId = logId.clone();
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    signedEntryTimestamp = signedEntryTimestamp.map(byte[]::clone);
    Objects.requireNonNull(inclusionProof, "inclusionProof");
    canonicalizedBody = canonicalizedBody.clone();
  }

  @Override
  public byte[] logId() {
    return logId.clone();
  }

  @Override
  public Optional<byte[]> signedEntryTimestamp() {
    return signedEntryTimestamp.map(byte[]::clone);
  }

  @Override
  public byte[] canonicalizedBody() {
    return canonicalizedBody.clone();
  }

  /** {@code kind/version}, e.g. {@code hashedrekord/0.0.1}. */
  public String kindVersion() {
    return kind + "/" + version;
  }

  /** The entry in protobuf JSON, 64-bit integers as strings, as Sigstore clients write it. */
  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder()
        .put("logIndex", Long.toString(logIndex))
        .put("logId", JsonObject.builder().put("keyId", B64.encodeToString(logId)).build())
        .put("kindVersion", JsonObject.builder().put("kind", kind).put("version", version).build())
        .put("integratedTime", Long.toString(integratedTime));
    signedEntryTimestamp.ifPresent(s -> b.put("inclusionPromise",
        JsonObject.builder().put("signedEntryTimestamp", B64.encodeToString(s)).build()));
    inclusionProof.ifPresent(p -> b.put("inclusionProof", p.toJson()));
    return b.put("canonicalizedBody", B64.encodeToString(canonicalizedBody)).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransparencyLogEntry e && e.logIndex == logIndex && Arrays.equals(e.logId, logId)
        && e.kind.equals(kind) && e.version.equals(version) && e.integratedTime == integratedTime
        && e.signedEntryTimestamp.isPresent() == signedEntryTimestamp.isPresent()
        && (signedEntryTimestamp.isEmpty() || Arrays.equals(e.signedEntryTimestamp.get(), signedEntryTimestamp.get()))
        && e.inclusionProof.equals(inclusionProof) && Arrays.equals(e.canonicalizedBody, canonicalizedBody);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonicalizedBody) * 31 + Long.hashCode(logIndex);
  }

  @Override
  public String toString() {
    return "TransparencyLogEntry[" + kindVersion() + ", index " + logIndex + "]";
  }

  static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static final Base64.Encoder B64 = Base64.getEncoder();
}
