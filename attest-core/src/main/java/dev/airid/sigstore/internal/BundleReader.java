package dev.airid.sigstore.internal;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.attest.Dsse;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.HashAlgorithm;
import dev.airid.sigstore.TransparencyLogEntry;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link Bundle} from protobuf JSON ({@link ProtoJson}) and applies the rules each bundle version adds (those of
 * the Sigstore client specification, as sigstore-js and sigstore-go apply them when they load a bundle). Rules about
 * evidence that depend on trust — a log entry's inclusion proof, for instance — are the verifier's, reported as checks.
 */
public final class BundleReader {

  /** The deepest audit path read: a log of 2^64 entries needs 64 hashes. */
  static final int MAX_PROOF_HASHES = 64;

  private static final ErrorCode BUNDLE = ErrorCode.BUNDLE_INVALID;

  private BundleReader() {}

  public static Bundle read(JsonValue json) throws InputRejectedException {
    ProtoJson b = ProtoJson.message(json, "", BUNDLE, "Bundle", "mediaType", "verificationMaterial", "messageSignature",
        "dsseEnvelope");
    String mediaType = b.string("mediaType");
    if (!Bundle.MEDIA_TYPES.contains(mediaType)) {
      throw b.error("mediaType", "unsupported bundle media type " + (mediaType.isEmpty() ? "(missing)" : "\"" + mediaType + "\"")
          + "; airid reads Sigstore bundles v0.1, v0.2 and v0.3");
    }
    ProtoJson vm = b.requiredMessage("verificationMaterial", "VerificationMaterial", "publicKey", "x509CertificateChain",
        "certificate", "tlogEntries", "timestampVerificationData");
    Bundle.Signer signer = signer(vm, mediaType);
    List<TransparencyLogEntry> entries = new ArrayList<>();
    for (ProtoJson e : vm.messages("tlogEntries", Bundle.MAX_EVIDENCE, "TransparencyLogEntry", "logIndex", "logId",
        "kindVersion", "integratedTime", "inclusionPromise", "inclusionProof", "canonicalizedBody")) {
      entries.add(entry(e));
    }
    List<byte[]> stamps = new ArrayList<>();
    Optional<ProtoJson> tvd = vm.message("timestampVerificationData", "TimestampVerificationData", "rfc3161Timestamps");
    if (tvd.isPresent()) {
      for (ProtoJson t : tvd.get().messages("rfc3161Timestamps", Bundle.MAX_EVIDENCE, "RFC3161SignedTimestamp", "signedTimestamp")) {
        stamps.add(t.requiredBytes("signedTimestamp"));
      }
    }
    String content = b.oneof("messageSignature", "dsseEnvelope")
        .orElseThrow(() -> b.error("the bundle holds neither a \"dsseEnvelope\" nor a \"messageSignature\""));
    Bundle.Content c = content.equals("dsseEnvelope") ? new Bundle.DsseContent(envelope(b)) : messageSignature(b);
    return new Bundle(mediaType, new Bundle.VerificationMaterial(signer, entries, stamps), c);
  }

  private static Bundle.Signer signer(ProtoJson vm, String mediaType) throws InputRejectedException {
    String which = vm.oneof("publicKey", "x509CertificateChain", "certificate").orElseThrow(
        () -> vm.error("the verification material names no signer: \"publicKey\", \"certificate\" or \"x509CertificateChain\""));
    switch (which) {
      case "publicKey":
        return new Bundle.KeyHint(vm.requiredMessage("publicKey", "PublicKeyIdentifier", "hint").string("hint"));
      case "certificate":
        return new Bundle.Certificate(vm.requiredMessage("certificate", "X509Certificate", "rawBytes").requiredBytes("rawBytes"));
      default:
        if (mediaType.endsWith("0.3") || mediaType.equals(Bundle.MEDIA_TYPE)) {
          throw vm.error("x509CertificateChain",
              "a v0.3 bundle carries its signing certificate as \"certificate\", not \"x509CertificateChain\"");
        }
        List<byte[]> certs = new ArrayList<>();
        for (ProtoJson c : vm.requiredMessage("x509CertificateChain", "X509CertificateChain", "certificates")
            .messages("certificates", Bundle.MAX_EVIDENCE, "X509Certificate", "rawBytes")) {
          certs.add(c.requiredBytes("rawBytes"));
        }
        if (certs.isEmpty()) {
          throw vm.error("x509CertificateChain", "the certificate chain is empty");
        }
        Optional<String> disorder = chainDisorder(certs);
        if (disorder.isPresent()) {
          throw vm.error("x509CertificateChain", disorder.get());
        }
        return new Bundle.CertificateChain(certs);
    }
  }

  private static TransparencyLogEntry entry(ProtoJson e) throws InputRejectedException {
    long logIndex = e.int64("logIndex");
    if (logIndex < 0) {
      throw e.error("logIndex", "a log index is not negative");
    }
    byte[] logId = e.requiredMessage("logId", "LogId", "keyId").requiredBytes("keyId");
    ProtoJson kv = e.requiredMessage("kindVersion", "KindVersion", "kind", "version");
    long integrated = e.int64("integratedTime");
    if (integrated < 0) {
      throw e.error("integratedTime", "an integrated time is not negative");
    }
    Optional<byte[]> set = Optional.empty();
    Optional<ProtoJson> promise = e.message("inclusionPromise", "InclusionPromise", "signedEntryTimestamp");
    if (promise.isPresent()) {
      set = Optional.of(promise.get().requiredBytes("signedEntryTimestamp"));
    }
    Optional<TransparencyLogEntry.InclusionProof> proof = Optional.empty();
    Optional<ProtoJson> p = e.message("inclusionProof", "InclusionProof", "logIndex", "rootHash", "treeSize", "hashes", "checkpoint");
    if (p.isPresent()) {
      long index = p.get().int64("logIndex");
      long size = p.get().int64("treeSize");
      if (index < 0 || size < 0) {
        throw p.get().error(index < 0 ? "logIndex" : "treeSize", "must not be negative");
      }
      String checkpoint = p.get().requiredMessage("checkpoint", "Checkpoint", "envelope").requiredString("envelope");
      proof = Optional.of(new TransparencyLogEntry.InclusionProof(index, p.get().requiredBytes("rootHash"), size,
          p.get().bytesList("hashes", MAX_PROOF_HASHES), checkpoint));
    }
    return new TransparencyLogEntry(logIndex, logId, kv.requiredString("kind"), kv.requiredString("version"), integrated,
        set, proof, e.requiredBytes("canonicalizedBody"));
  }

  private static Bundle.MessageSignature messageSignature(ProtoJson b) throws InputRejectedException {
    ProtoJson ms = b.requiredMessage("messageSignature", "MessageSignature", "messageDigest", "signature");
    Optional<Bundle.Digest> digest = Optional.empty();
    Optional<ProtoJson> md = ms.message("messageDigest", "HashOutput", "algorithm", "digest");
    if (md.isPresent()) {
      digest = Optional.of(new Bundle.Digest(md.get().enumeration("algorithm", HashAlgorithm.class, HashAlgorithm::ofNumber),
          md.get().bytes("digest")));
    }
    return new Bundle.MessageSignature(digest, ms.requiredBytes("signature"));
  }

  /**
   * The DSSE envelope ({@code io.intoto.Envelope}, whose proto field names are {@code payloadType} and {@code keyid} as
   * written). Errors are {@link ErrorCode#ENVELOPE_INVALID}.
   */
  private static Dsse.Envelope envelope(ProtoJson b) throws InputRejectedException {
    String at = b.pointer("dsseEnvelope");
    ProtoJson env = ProtoJson.message(b.raw("dsseEnvelope").orElseThrow(), at, ErrorCode.ENVELOPE_INVALID, "Envelope",
        "payload", "payloadType=payloadType", "signatures");
    List<ProtoJson> sigs = env.messages("signatures", Dsse.MAX_SIGNATURES, "Signature", "sig", "keyid=keyid");
    if (sigs.isEmpty()) {
      throw env.error("signatures", "\"signatures\" must be a non-empty array");
    }
    List<Dsse.Signature> out = new ArrayList<>();
    for (ProtoJson s : sigs) {
      byte[] sig = s.bytes("sig");
      if (sig.length == 0) {
        throw s.error("sig", "empty signature");
      }
      out.add(new Dsse.Signature(s.string("keyid"), sig));
    }
    return new Dsse.Envelope(env.string("payloadType"), env.bytes("payload"), out);
  }

  /**
   * Why a certificate chain is not one: each certificate must be issued (by name) by the next, and a self-issued root
   * may only end it. Only the first certificate is ever used — the trusted root alone decides which authorities count
   * — but a chain that is not a chain is refused, as Sigstore clients refuse one with a root out of place.
   */
  private static Optional<String> chainDisorder(List<byte[]> certs) {
    List<java.security.cert.X509Certificate> parsed = new ArrayList<>();
    for (byte[] der : certs) {
      try {
        parsed.add(FulcioCertificate.parse(der));
      } catch (java.security.GeneralSecurityException e) {
        return Optional.of("certificate " + parsed.size() + " of the chain is not an X.509 certificate");
      }
    }
    for (int i = 0; i + 1 < parsed.size(); i++) {
      java.security.cert.X509Certificate c = parsed.get(i);
      if (i > 0 && c.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
        return Optional.of("the certificate chain holds a root certificate before its end (certificate " + i + ")");
      }
      if (!c.getIssuerX500Principal().equals(parsed.get(i + 1).getSubjectX500Principal())) {
        return Optional.of("certificate " + i + " of the chain is not issued by certificate " + (i + 1));
      }
    }
    return Optional.empty();
  }

  /** Base64 of a JSON string in a plain (non-protobuf) document, with the same rules as protobuf bytes. */
  static byte[] base64(JsonString s, String where) throws InputRejectedException {
    return ProtoJson.base64(s, where, BUNDLE);
  }
}
