package dev.airid.sigstore.internal;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.HashAlgorithm;
import dev.airid.sigstore.TransparencyLogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transparency log entry's body records, whatever its kind: a digest (of the signed bytes, or of a DSSE
 * payload), and for each signature the signature bytes and who made it (a certificate or a public key, as DER).
 * Matching an entry to a bundle then compares meaning — digests, signature bytes, DER — never text.
 *
 * <p>Kinds read: {@code hashedrekord} 0.0.1 (Rekor v1) and 0.0.2 (Rekor v2), {@code dsse} 0.0.1 and 0.0.2, {@code
 * intoto} 0.0.2. Rekor v1 bodies are plain JSON written by Rekor's Go types: members those types do not define are
 * ignored, as Rekor itself ignores them. Rekor v2 bodies are protobuf JSON, read as {@link ProtoJson} reads every
 * protobuf message.
 *
 * @param kindVersion e.g. {@code hashedrekord/0.0.1}
 * @param covers what {@code digest} is of
 * @param digest the recorded digest
 * @param signatures the recorded signatures, at least one
 */
record LogEntryBody(String kindVersion, Covers covers, Bundle.Digest digest, List<LoggedSignature> signatures) {

  /** What a body's digest is of. */
  enum Covers {
    /** The bytes the signature is over (hashedrekord): an artifact, or a DSSE envelope's PAE. */
    SIGNED_BYTES,
    /** A DSSE envelope's payload (dsse, intoto). */
    DSSE_PAYLOAD
  }

  /** Who made a logged signature. */
  sealed interface Signer permits LoggedCertificate, LoggedKey {}

  /** An X.509 certificate, DER. */
  record LoggedCertificate(byte[] der) implements Signer {}

  /** A public key, DER SubjectPublicKeyInfo. */
  record LoggedKey(byte[] spki) implements Signer {}

  /** One logged signature and its signer. */
  record LoggedSignature(byte[] signature, Signer signer) {}

  /** Most signatures read from one body. */
  static final int MAX_SIGNATURES = 16;

  LogEntryBody {
    Objects.requireNonNull(digest, "digest");
    signatures = List.copyOf(signatures);
  }

  /**
   * Reads the body of {@code entry}; errors are {@link ErrorCode#BUNDLE_INVALID} with pointers into the body
   * (relative to it), and name the kind.
   */
  static LogEntryBody parse(TransparencyLogEntry entry) throws InputRejectedException {
    JsonValue json;
    try {
      json = Json.parse(entry.canonicalizedBody());
    } catch (InputRejectedException e) {
      throw new InputRejectedException(ErrorCode.BUNDLE_INVALID, e.pointer().orElse(""), -1,
          "the log entry body is not strict JSON: " + e.reason());
    }
    String kv = entry.kindVersion();
    switch (kv) {
      case "hashedrekord/0.0.1":
        return hashedRekordV1(json, kv);
      case "dsse/0.0.1":
        return dsseV1(json, kv);
      case "intoto/0.0.2":
        return intotoV2(json, kv);
      case "hashedrekord/0.0.2":
      case "dsse/0.0.2":
        return rekorV2(json, kv);
      default:
        throw new InputRejectedException(ErrorCode.BUNDLE_INVALID, "", -1, "log entry kind " + kv + " is not supported");
    }
  }

  // --- Rekor v1 (plain JSON) -----------------------------------------------------------------------------------------

  private static ProtoJson v1Spec(JsonValue json, String kv, String... fields) throws InputRejectedException {
    ProtoJson top = ProtoJson.plain(json, "", ErrorCode.BUNDLE_INVALID, "log entry body", true, "apiVersion", "kind", "spec");
    checkKind(top.string("kind") + "/" + top.string("apiVersion"), kv);
    return top.requiredMessage("spec", kv + " spec", fields);
  }

  private static void checkKind(String stated, String kv) throws InputRejectedException {
    if (!stated.equals(kv)) {
      throw new InputRejectedException(ErrorCode.BUNDLE_INVALID, "", -1,
          "the entry says " + kv + " but its body is " + stated);
    }
  }

  private static LogEntryBody hashedRekordV1(JsonValue json, String kv) throws InputRejectedException {
    ProtoJson spec = v1Spec(json, kv, "data", "signature");
    ProtoJson hash = spec.requiredMessage("data", "data", "hash").requiredMessage("hash", "hash", "algorithm", "value");
    ProtoJson sig = spec.requiredMessage("signature", "signature", "content", "publicKey");
    Signer signer = pem(sig.requiredMessage("publicKey", "publicKey", "content"), "content");
    return new LogEntryBody(kv, Covers.SIGNED_BYTES, hexDigest(hash), List.of(new LoggedSignature(sig.requiredBytes("content"), signer)));
  }

  private static LogEntryBody dsseV1(JsonValue json, String kv) throws InputRejectedException {
    ProtoJson spec = v1Spec(json, kv, "payloadHash", "signatures");
    Bundle.Digest payload = hexDigest(spec.requiredMessage("payloadHash", "payloadHash", "algorithm", "value"));
    List<LoggedSignature> sigs = new ArrayList<>();
    for (ProtoJson s : spec.messages("signatures", MAX_SIGNATURES, "signature", "signature", "verifier")) {
      sigs.add(new LoggedSignature(s.requiredBytes("signature"), pem(s, "verifier")));
    }
    return withSignatures(kv, Covers.DSSE_PAYLOAD, payload, sigs, spec);
  }

  private static LogEntryBody intotoV2(JsonValue json, String kv) throws InputRejectedException {
    ProtoJson content = v1Spec(json, kv, "content").requiredMessage("content", "content", "envelope", "payloadHash");
    Bundle.Digest payload = hexDigest(content.requiredMessage("payloadHash", "payloadHash", "algorithm", "value"));
    ProtoJson env = content.requiredMessage("envelope", "envelope", "signatures");
    List<LoggedSignature> sigs = new ArrayList<>();
    for (ProtoJson s : env.messages("signatures", MAX_SIGNATURES, "signature", "sig", "publicKey")) {
      // Rekor's intoto entries store the envelope's signature Base64-encoded twice.
      byte[] once = s.requiredBytes("sig");
      byte[] sig = BundleReader.base64(JsonString.of(new String(once, StandardCharsets.US_ASCII)), s.pointer("sig"));
      sigs.add(new LoggedSignature(sig, pem(s, "publicKey")));
    }
    return withSignatures(kv, Covers.DSSE_PAYLOAD, payload, sigs, env);
  }

  /** {@code {"algorithm": "sha256"|"sha384"|"sha512", "value": hex}}: Rekor v1's hash. */
  private static Bundle.Digest hexDigest(ProtoJson h) throws InputRejectedException {
    String name = h.requiredString("algorithm");
    HashAlgorithm a = HashAlgorithm.ofIntotoName(name)
        .orElseThrow(() -> h.error("algorithm", "unsupported hash algorithm \"" + name + "\""));
    byte[] value;
    try {
      value = HexFormat.of().parseHex(h.requiredString("value"));
    } catch (IllegalArgumentException e) {
      throw h.error("value", "not hex");
    }
    if (value.length != a.length()) {
      throw h.error("value", "a " + name + " digest has " + a.length() + " bytes, not " + value.length);
    }
    return new Bundle.Digest(a, value);
  }

  /** A field holding Base64 of one PEM block: a certificate or a public key. */
  private static Signer pem(ProtoJson o, String field) throws InputRejectedException {
    byte[] text = o.requiredBytes(field);
    Optional<Pem> pem = Pem.decode(new String(text, StandardCharsets.US_ASCII));
    if (pem.isEmpty()) {
      throw o.error(field, "not one PEM block");
    }
    switch (pem.get().label()) {
      case "CERTIFICATE":
        return new LoggedCertificate(pem.get().der());
      case "PUBLIC KEY":
        return new LoggedKey(pem.get().der());
      default:
        throw o.error(field, "a PEM " + pem.get().label() + " is neither a certificate nor a public key");
    }
  }

  // --- Rekor v2 (protobuf JSON) --------------------------------------------------------------------------------------

  private static LogEntryBody rekorV2(JsonValue json, String kv) throws InputRejectedException {
    ProtoJson top = ProtoJson.message(json, "", ErrorCode.BUNDLE_INVALID, "Entry", "kind", "apiVersion", "spec");
    checkKind(top.string("kind") + "/" + top.string("apiVersion"), kv);
    ProtoJson spec = top.requiredMessage("spec", "Spec", "hashedRekordV002", "dsseV002");
    String which = spec.oneof("hashedRekordV002", "dsseV002").orElseThrow(() -> spec.error("the spec is empty"));
    if (!(which.equals("hashedRekordV002") ? "hashedrekord/0.0.2" : "dsse/0.0.2").equals(kv)) {
      throw spec.error(which, "the entry says " + kv + " but its spec is " + which);
    }
    if (which.equals("hashedRekordV002")) {
      ProtoJson h = spec.requiredMessage(which, "HashedRekordLogEntryV002", "data", "signature");
      Bundle.Digest data = hashOutput(h.requiredMessage("data", "HashOutput", "algorithm", "digest"));
      return new LogEntryBody(kv, Covers.SIGNED_BYTES, data, List.of(signatureV2(h.requiredMessage("signature", "Signature",
          "content", "verifier"))));
    }
    ProtoJson d = spec.requiredMessage(which, "DSSELogEntryV002", "payloadHash", "signatures");
    Bundle.Digest payload = hashOutput(d.requiredMessage("payloadHash", "HashOutput", "algorithm", "digest"));
    List<LoggedSignature> sigs = new ArrayList<>();
    for (ProtoJson s : d.messages("signatures", MAX_SIGNATURES, "Signature", "content", "verifier")) {
      sigs.add(signatureV2(s));
    }
    return withSignatures(kv, Covers.DSSE_PAYLOAD, payload, sigs, d);
  }

  private static Bundle.Digest hashOutput(ProtoJson h) throws InputRejectedException {
    HashAlgorithm a = h.enumeration("algorithm", HashAlgorithm.class, HashAlgorithm::ofNumber);
    byte[] digest = h.requiredBytes("digest");
    if (!a.computable() || digest.length != a.length()) {
      throw h.error("a " + a + " digest of " + digest.length + " bytes is not one airid can compare");
    }
    return new Bundle.Digest(a, digest);
  }

  private static LoggedSignature signatureV2(ProtoJson s) throws InputRejectedException {
    ProtoJson v = s.requiredMessage("verifier", "Verifier", "publicKey", "x509Certificate", "keyDetails");
    String which = v.oneof("publicKey", "x509Certificate").orElseThrow(() -> v.error("the verifier names no key or certificate"));
    KeyDetails.name(v, "keyDetails");
    byte[] raw = v.requiredMessage(which, which.equals("publicKey") ? "PublicKey" : "X509Certificate", "rawBytes")
        .requiredBytes("rawBytes");
    return new LoggedSignature(s.requiredBytes("content"), which.equals("publicKey") ? new LoggedKey(raw) : new LoggedCertificate(raw));
  }

  private static LogEntryBody withSignatures(String kv, Covers covers, Bundle.Digest digest, List<LoggedSignature> sigs, ProtoJson at)
      throws InputRejectedException {
    if (sigs.isEmpty()) {
      throw at.error("signatures", "the log entry records no signature");
    }
    return new LogEntryBody(kv, covers, digest, sigs);
  }
}
