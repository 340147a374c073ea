package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.attest.Dsse;
import dev.airid.attest.Statement;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Sigstore bundle ({@code dev.sigstore.bundle.v1.Bundle}), versions 0.1, 0.2 and 0.3: who signed (a public key, a
 * certificate or a certificate chain), the evidence of when (transparency log entries, RFC 3161 timestamps), and what
 * was signed (a DSSE envelope or a message signature). airid writes v0.3 bundles with a DSSE envelope; it reads every
 * bundle other Sigstore clients write.
 *
 * <p>{@link #parse} reads the protobuf JSON form exactly as protobuf's own parser does (either field-name form, 64-bit
 * integers as strings or numbers, defaults omitted, unknown fields refused), plus the rules of each bundle version
 * that Sigstore clients apply. A parsed bundle is well formed, not verified: trust is the verifier's job
 * ({@code dev.airid.verify.Verifier}). Immutable and thread-safe.
 *
 * @param mediaType the media type, one of {@link #MEDIA_TYPES}
 * @param material who signed, and the evidence of when
 * @param content what was signed
 */
public record Bundle(String mediaType, VerificationMaterial material, Content content) {

  /** The media type airid writes. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Every media type read: v0.1, v0.2, and v0.3 in its two spellings. */
  public static final List<String> MEDIA_TYPES = List.of(
      "application/vnd.dev.sigstore.bundle+json;version=0.1", "application/vnd.dev.sigstore.bundle+json;version=0.2",
      "application/vnd.dev.sigstore.bundle+json;version=0.3", MEDIA_TYPE);

  /** Most log entries, timestamps or chain certificates a bundle may carry. */
  public static final int MAX_EVIDENCE = 16;

  /** The bundle format versions. */
  public enum Version {
    V0_1,
    V0_2,
    V0_3
  }

  /** Who signed: exactly one of these. */
  public sealed interface Signer permits KeyHint, Certificate, CertificateChain {}

  /** A signer named only by a hint to a public key the verifier already holds. The hint is never trusted. */
  public record KeyHint(String hint) implements Signer {
    public KeyHint {
      Objects.requireNonNull(hint, "hint");
    }
  }

  /** A signing certificate, DER (bundles v0.3). */
  public record Certificate(byte[] der) implements Signer {
    public Certificate {
      der = der.clone();
    }

    @Override
    public byte[] der() {
      return der.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Certificate c && Arrays.equals(c.der, der);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
      return "Certificate[" + der.length + " bytes]";
    }
  }

  /**
   * A certificate chain, signing certificate first (bundles v0.1 and v0.2). Only the first certificate matters: the
   * trusted root alone decides which authorities count, so the others are carried, never trusted.
   */
  public record CertificateChain(List<byte[]> certificates) implements Signer {
    public CertificateChain {
      certificates = certificates.stream().map(byte[]::clone).toList();
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("a certificate chain holds at least the signing certificate");
      }
    }

    @Override
    public List<byte[]> certificates() {
      return certificates.stream().map(byte[]::clone).toList();
    }

    /** The signing certificate. */
    public Certificate leaf() {
      return new Certificate(certificates.get(0));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CertificateChain c && TransparencyLogEntry.sameBytes(c.certificates, certificates);
    }

    @Override
    public int hashCode() {
      return certificates.size();
    }
  }

  /**
   * The verification material.
   *
   * @param signer who signed
   * @param tlogEntries transparency log entries, possibly none
   * @param rfc3161Timestamps RFC 3161 signed timestamps (DER {@code TimeStampResp} or bare token), possibly none
   */
  public record VerificationMaterial(Signer signer, List<TransparencyLogEntry> tlogEntries, List<byte[]> rfc3161Timestamps) {
    public VerificationMaterial {
      Objects.requireNonNull(signer, "signer");
      tlogEntries = List.copyOf(tlogEntries);
      rfc3161Timestamps = rfc3161Timestamps.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> rfc3161Timestamps() {
      return rfc3161Timestamps.stream().map(byte[]::clone).toList();
    }

    /** The signing certificate, for certificate and chain signers. */
    public Optional<Certificate> certificate() {
      return signer instanceof Certificate c ? Optional.of(c)
          : signer instanceof CertificateChain ch ? Optional.of(ch.leaf()) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VerificationMaterial m && m.signer.equals(signer) && m.tlogEntries.equals(tlogEntries)
          && TransparencyLogEntry.sameBytes(m.rfc3161Timestamps, rfc3161Timestamps);
    }

    @Override
    public int hashCode() {
      return signer.hashCode() * 31 + tlogEntries.hashCode();
    }
  }

  /** What was signed: exactly one of these. */
  public sealed interface Content permits DsseContent, MessageSignature {}

  /** A DSSE envelope (attestations). */
  public record DsseContent(Dsse.Envelope envelope) implements Content {
    public DsseContent {
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  /**
   * A signature over an artifact's bytes ("message signature", what {@code cosign sign-blob} makes).
   *
   * @param digest the artifact's digest as the signer states it, if stated
   * @param signature the signature bytes
   */
  public record MessageSignature(Optional<Digest> digest, byte[] signature) implements Content {
    public MessageSignature {
      Objects.requireNonNull(digest, "digest");
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MessageSignature m && m.digest.equals(digest) && Arrays.equals(m.signature, signature);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(signature);
    }
  }

  /** A digest and its algorithm ({@code dev.sigstore.common.v1.HashOutput}). */
  public record Digest(HashAlgorithm algorithm, byte[] value) {
    public Digest {
      Objects.requireNonNull(algorithm, "algorithm");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && d.algorithm == algorithm && Arrays.equals(d.value, value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }
  }

  public Bundle {
    Objects.requireNonNull(mediaType, "mediaType");
    if (!MEDIA_TYPES.contains(mediaType)) {
      throw new IllegalArgumentException("unsupported bundle media type " + mediaType);
    }
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(content, "content");
  }

  /** A v0.3 bundle with a DSSE envelope, as airid writes. */
  public static Bundle of(Signer signer, List<TransparencyLogEntry> tlogEntries, List<byte[]> timestamps, Dsse.Envelope envelope) {
    return new Bundle(MEDIA_TYPE, new VerificationMaterial(signer, tlogEntries, timestamps), new DsseContent(envelope));
  }

  /** A v0.3 public-key bundle with a DSSE envelope: the hint names the key. */
  public static Bundle withKeyHint(String hint, Dsse.Envelope envelope) {
    return of(new KeyHint(hint), List.of(), List.of(), envelope);
  }

  /** The bundle format version. */
  public Version version() {
    return mediaType.endsWith("0.1") ? Version.V0_1 : mediaType.endsWith("0.2") ? Version.V0_2 : Version.V0_3;
  }

  /** The DSSE envelope, if the bundle holds one. */
  public Optional<Dsse.Envelope> envelope() {
    return content instanceof DsseContent d ? Optional.of(d.envelope()) : Optional.empty();
  }

  /** The in-toto Statement in the DSSE envelope, parsed strictly; not verified. */
  public Statement statement() throws InputRejectedException {
    Dsse.Envelope env = envelope().orElseThrow(() -> InputRejectedException.of(ErrorCode.BUNDLE_INVALID,
        "the bundle holds a message signature, not an attestation (DSSE envelope)"));
    return Statement.parse(Json.parse(env.payload()));
  }

  /** The bundle in protobuf JSON with JSON field names, as airid writes it. */
  public JsonObject toJson() {
    JsonObject.Builder vm = JsonObject.builder();
    if (material.signer() instanceof KeyHint k) {
      vm.put("publicKey", JsonObject.builder().put("hint", k.hint()).build());
    } else if (material.signer() instanceof Certificate c) {
      vm.put("certificate", JsonObject.builder().put("rawBytes", B64.encodeToString(c.der)).build());
    } else {
      List<JsonValue> certs = new ArrayList<>();
      ((CertificateChain) material.signer()).certificates.forEach(
          d -> certs.add(JsonObject.builder().put("rawBytes", B64.encodeToString(d)).build()));
      vm.put("x509CertificateChain", JsonObject.builder().put("certificates", JsonArray.of(certs)).build());
    }
    List<JsonValue> entries = new ArrayList<>();
    material.tlogEntries().forEach(e -> entries.add(e.toJson()));
    vm.put("tlogEntries", JsonArray.of(entries));
    if (!material.rfc3161Timestamps().isEmpty()) {
      List<JsonValue> ts = new ArrayList<>();
      material.rfc3161Timestamps.forEach(t -> ts.add(JsonObject.builder().put("signedTimestamp", B64.encodeToString(t)).build()));
      vm.put("timestampVerificationData", JsonObject.builder().put("rfc3161Timestamps", JsonArray.of(ts)).build());
    }
    JsonObject.Builder b = JsonObject.builder().put("mediaType", mediaType).put("verificationMaterial", vm.build());
    if (content instanceof DsseContent d) {
      b.put("dsseEnvelope", d.envelope().toJson());
    } else {
      MessageSignature m = (MessageSignature) content;
      JsonObject.Builder ms = JsonObject.builder();
      m.digest().ifPresent(d -> ms.put("messageDigest",
          JsonObject.builder().put("algorithm", d.algorithm().name()).put("digest", B64.encodeToString(d.value)).build()));
      b.put("messageSignature", ms.put("signature", B64.encodeToString(m.signature)).build());
    }
    return b.build();
  }

  /** Compact UTF-8 JSON, one line, no trailing newline. */
  public byte[] toBytes() {
    return Json.compact(toJson());
  }

  /** Reads a bundle from its JSON bytes (strict JSON first: duplicate keys, invalid UTF-8 and the like are refused). */
  public static Bundle parse(byte[] json) throws InputRejectedException {
    return parse(Json.parse(json));
  }

  /**
   * Reads a bundle. Errors are {@link ErrorCode#BUNDLE_INVALID} with the JSON Pointer of the problem ({@code
   * /mediaType} for an unsupported version), or {@link ErrorCode#ENVELOPE_INVALID} for the DSSE envelope.
   */
  public static Bundle parse(JsonValue json) throws InputRejectedException {
    return dev.airid.sigstore.internal.BundleReader.read(json);
  }

  @Override
  public String toString() {
    return "Bundle[" + mediaType + ", " + material.signer().getClass().getSimpleName() + ", "
        + (content instanceof DsseContent ? "DSSE" : "message signature") + "]";
  }

  private static final Base64.Encoder B64 = Base64.getEncoder();
}
