package dev.airid.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.airid.InputRejectedException;
import dev.airid.attest.Dsse;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.internal.ProtoJson;
import dev.airid.keys.KeyFiles;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.sigstore.internal.FulcioCertificate;
import dev.sigstore.proto.common.v1.HashAlgorithm;
import dev.sigstore.proto.common.v1.PublicKeyDetails;
import dev.sigstore.proto.common.v1.TimeRange;
import dev.sigstore.proto.rekor.v1.TransparencyLogEntry;
import dev.sigstore.proto.trustroot.v1.CertificateAuthority;
import dev.sigstore.proto.trustroot.v1.TransparencyLogInstance;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The differential oracle between airid's protobuf JSON readers ({@link Bundle#parse}, {@link TrustedRoot#parse}, both
 * on {@code ProtoJson}) and protobuf's own {@link JsonFormat} parser reading the same text into Sigstore's generated
 * classes (sigstore-java 2.0.0's {@code dev.sigstore.proto.*}).
 *
 * <p>For one input it says which of these holds:
 *
 * <ul>
 *   <li>{@link Kind#STRICT_JSON}: airid's JSON layer refuses the text (duplicate keys, integers beyond ±(2^53−1) as
 *       numbers, invalid UTF-8, lone surrogates, …), whatever protobuf's Gson-based parser does — a documented,
 *       deliberate difference;
 *   <li>{@link Kind#BOTH_REFUSE}: protobuf refuses, and so does airid;
 *   <li>{@link Kind#AIRID_RULE}: protobuf accepts a message that breaks a rule airid adds on top of the mapping (a
 *       bundle version rule, a required field, a bound, key or certificate that does not parse, an enum number that
 *       names no value) — documented, and airid refuses;
 *   <li>{@link Kind#PROTOBUF_LENIENT}: protobuf-java accepts what the proto3 JSON mapping does not allow, and airid
 *       refuses it: a number or boolean for a string or bytes field (Gson's getAsString), Base64 with wrong padding
 *       (Guava's decoder), a time that is not one (February 30, hour 24, second 60: rolled over) or has more than nine
 *       fraction digits (truncated), a field given twice when the first is null (order-dependent) — documented;
 *   <li>{@link Kind#SAME_MEANING}: both accept, and every field airid keeps has the same value;
 *   <li>{@link Kind#DISAGREE}: anything else — a bug in one of the readers.
 * </ul>
 */
final class ProtoJsonOracle {

  enum Kind { STRICT_JSON, BOTH_REFUSE, AIRID_RULE, PROTOBUF_LENIENT, SAME_MEANING, DISAGREE }

  /** What the oracle found, with the reasons of each side. */
  record Verdict(Kind kind, String protobuf, String airid) {
    @Override
    public String toString() {
      return kind + " (protobuf: " + protobuf + "; airid: " + airid + ")";
    }
  }

  private ProtoJsonOracle() {}

  // --- bundles ------------------------------------------------------------------------------------------------------

  static Verdict bundle(byte[] input) {
    Optional<String> strict = strictJson(input);
    String ours;
    Bundle parsed = null;
    try {
      parsed = Bundle.parse(input);
      ours = "accepted";
    } catch (InputRejectedException e) {
      ours = e.getMessage();
    }
    dev.sigstore.proto.bundle.v1.Bundle.Builder b = dev.sigstore.proto.bundle.v1.Bundle.newBuilder();
    String theirs = protobuf(input, b);
    if (strict.isPresent()) {
      return new Verdict(parsed == null ? Kind.STRICT_JSON : Kind.DISAGREE, theirs, ours);
    }
    if (!theirs.equals("accepted")) {
      return new Verdict(parsed == null ? Kind.BOTH_REFUSE : Kind.DISAGREE, theirs, ours);
    }
    dev.sigstore.proto.bundle.v1.Bundle message = b.build();
    Optional<String> rule = bundleRule(message);
    if (rule.isPresent()) {
      return new Verdict(parsed == null ? Kind.AIRID_RULE : Kind.DISAGREE, "accepted; airid rule: " + rule.get(), ours);
    }
    if (parsed == null) {
      Optional<String> lenient = leniency(input, dev.sigstore.proto.bundle.v1.Bundle.getDescriptor());
      return new Verdict(lenient.isPresent() ? Kind.PROTOBUF_LENIENT : Kind.DISAGREE,
          lenient.map(l -> "accepted, leniently: " + l).orElse(theirs), ours);
    }
    // The meaning: airid's value written back in protobuf JSON and read by protobuf is the message protobuf read.
    dev.sigstore.proto.bundle.v1.Bundle.Builder back = dev.sigstore.proto.bundle.v1.Bundle.newBuilder();
    String again = protobuf(parsed.toBytes(), back);
    if (!again.equals("accepted")) {
      return new Verdict(Kind.DISAGREE, theirs, "accepted, but wrote what protobuf refuses: " + again);
    }
    Message expected = normalize(message);
    Message actual = normalize(back.build());
    return expected.equals(actual) ? new Verdict(Kind.SAME_MEANING, theirs, ours)
        : new Verdict(Kind.DISAGREE, "read " + expected, "read " + actual);
  }

  /**
   * The one field presence airid's typed bundle does not keep: an empty {@code timestampVerificationData} (no
   * timestamps) is no timestamp data. Every other field, and the presence of every other message, is compared.
   */
  private static Message normalize(dev.sigstore.proto.bundle.v1.Bundle m) {
    dev.sigstore.proto.bundle.v1.Bundle.Builder b = m.toBuilder();
    if (m.getVerificationMaterial().getTimestampVerificationData().getRfc3161TimestampsCount() == 0) {
      b.getVerificationMaterialBuilder().clearTimestampVerificationData();
    }
    return b.build();
  }

  /** The rules airid adds to the mapping when it reads a bundle (BundleReader), checked on protobuf's message. */
  static Optional<String> bundleRule(dev.sigstore.proto.bundle.v1.Bundle m) {
    if (!Bundle.MEDIA_TYPES.contains(m.getMediaType())) {
      return Optional.of("unsupported media type");
    }
    if (!m.hasVerificationMaterial()) {
      return Optional.of("no verification material");
    }
    var vm = m.getVerificationMaterial();
    switch (vm.getContentCase()) {
      case CONTENT_NOT_SET:
        return Optional.of("no signer");
      case CERTIFICATE:
        if (vm.getCertificate().getRawBytes().isEmpty()) {
          return Optional.of("empty certificate");
        }
        break;
      case X509_CERTIFICATE_CHAIN:
        if (m.getMediaType().endsWith("0.3+json") || m.getMediaType().endsWith("version=0.3")) {
          return Optional.of("a v0.3 bundle with x509CertificateChain");
        }
        var certs = vm.getX509CertificateChain().getCertificatesList();
        if (certs.isEmpty() || certs.size() > Bundle.MAX_EVIDENCE) {
          return Optional.of("certificate chain empty or longer than " + Bundle.MAX_EVIDENCE);
        }
        if (certs.stream().anyMatch(c -> c.getRawBytes().isEmpty())) {
          return Optional.of("an empty certificate in the chain");
        }
        Optional<String> order = chainOrder(certs.stream().map(c -> c.getRawBytes().toByteArray()).toList());
        if (order.isPresent()) {
          return order;
        }
        break;
      default:
        break;
    }
    if (vm.getTlogEntriesCount() > Bundle.MAX_EVIDENCE) {
      return Optional.of("more than " + Bundle.MAX_EVIDENCE + " log entries");
    }
    for (TransparencyLogEntry e : vm.getTlogEntriesList()) {
      Optional<String> r = entryRule(e);
      if (r.isPresent()) {
        return r;
      }
    }
    var stamps = vm.getTimestampVerificationData().getRfc3161TimestampsList();
    if (stamps.size() > Bundle.MAX_EVIDENCE || stamps.stream().anyMatch(t -> t.getSignedTimestamp().isEmpty())) {
      return Optional.of("timestamps empty or more than " + Bundle.MAX_EVIDENCE);
    }
    switch (m.getContentCase()) {
      case CONTENT_NOT_SET:
        return Optional.of("neither a DSSE envelope nor a message signature");
      case MESSAGE_SIGNATURE:
        var ms = m.getMessageSignature();
        if (ms.getSignature().isEmpty()) {
          return Optional.of("empty message signature");
        }
        if (ms.hasMessageDigest() && ms.getMessageDigest().getAlgorithm() == HashAlgorithm.UNRECOGNIZED) {
          return Optional.of("a hash algorithm number that names no value");
        }
        return Optional.empty();
      default:
        var env = m.getDsseEnvelope();
        if (env.getSignaturesCount() == 0 || env.getSignaturesCount() > Dsse.MAX_SIGNATURES) {
          return Optional.of("no DSSE signature, or more than " + Dsse.MAX_SIGNATURES);
        }
        if (env.getSignaturesList().stream().anyMatch(s -> s.getSig().isEmpty())) {
          return Optional.of("an empty DSSE signature");
        }
        return Optional.empty();
    }
  }

  private static Optional<String> entryRule(TransparencyLogEntry e) {
    if (e.getLogIndex() < 0 || e.getIntegratedTime() < 0) {
      return Optional.of("a negative log index or integrated time");
    }
    if (!e.hasLogId() || e.getLogId().getKeyId().isEmpty()) {
      return Optional.of("no log id");
    }
    if (!e.hasKindVersion() || e.getKindVersion().getKind().isEmpty() || e.getKindVersion().getVersion().isEmpty()) {
      return Optional.of("no kind or version");
    }
    if (e.hasInclusionPromise() && e.getInclusionPromise().getSignedEntryTimestamp().isEmpty()) {
      return Optional.of("an empty signed entry timestamp");
    }
    if (e.hasInclusionProof()) {
      var p = e.getInclusionProof();
      if (p.getLogIndex() < 0 || p.getTreeSize() < 0 || p.getRootHash().isEmpty() || p.getHashesCount() > 64
          || !p.hasCheckpoint() || p.getCheckpoint().getEnvelope().isEmpty()) {
        return Optional.of("an inclusion proof without root hash or checkpoint, negative, or deeper than 64");
      }
    }
    if (e.getCanonicalizedBody().isEmpty()) {
      return Optional.of("no canonicalized body");
    }
    return Optional.empty();
  }

  /** BundleReader's chain rule, restated: each certificate issued by the next; a self-issued one only last. */
  private static Optional<String> chainOrder(List<byte[]> ders) {
    List<X509Certificate> certs = new ArrayList<>();
    for (byte[] der : ders) {
      try {
        certs.add(FulcioCertificate.parse(der));
      } catch (java.security.GeneralSecurityException e) {
        return Optional.of("a chain certificate that is not X.509");
      }
    }
    for (int i = 0; i + 1 < certs.size(); i++) {
      X509Certificate c = certs.get(i);
      if ((i > 0 && c.getIssuerX500Principal().equals(c.getSubjectX500Principal()))
          || !c.getIssuerX500Principal().equals(certs.get(i + 1).getSubjectX500Principal())) {
        return Optional.of("a certificate chain out of order");
      }
    }
    return Optional.empty();
  }

  // --- trusted roots ------------------------------------------------------------------------------------------------

  static Verdict trustedRoot(byte[] input) {
    Optional<String> strict = strictJson(input);
    String ours;
    TrustedRoot parsed = null;
    try {
      parsed = TrustedRoot.parse(Json.parse(input));
      ours = "accepted";
    } catch (InputRejectedException e) {
      ours = e.getMessage();
    }
    dev.sigstore.proto.trustroot.v1.TrustedRoot.Builder b = dev.sigstore.proto.trustroot.v1.TrustedRoot.newBuilder();
    String theirs = protobuf(input, b);
    if (strict.isPresent()) {
      return new Verdict(parsed == null ? Kind.STRICT_JSON : Kind.DISAGREE, theirs, ours);
    }
    if (!theirs.equals("accepted")) {
      return new Verdict(parsed == null ? Kind.BOTH_REFUSE : Kind.DISAGREE, theirs, ours);
    }
    var m = b.build();
    Optional<String> rule = rootRule(m);
    if (rule.isPresent()) {
      return new Verdict(parsed == null ? Kind.AIRID_RULE : Kind.DISAGREE, "accepted; airid rule: " + rule.get(), ours);
    }
    if (parsed == null) {
      Optional<String> lenient = leniency(input, dev.sigstore.proto.trustroot.v1.TrustedRoot.getDescriptor());
      return new Verdict(lenient.isPresent() ? Kind.PROTOBUF_LENIENT : Kind.DISAGREE,
          lenient.map(l -> "accepted, leniently: " + l).orElse(theirs), ours);
    }
    Optional<String> difference = sameRoot(m, parsed);
    return difference.isEmpty() ? new Verdict(Kind.SAME_MEANING, theirs, ours)
        : new Verdict(Kind.DISAGREE, theirs, "accepted with another meaning: " + difference.get());
  }

  static Optional<String> rootRule(dev.sigstore.proto.trustroot.v1.TrustedRoot m) {
    if (!m.getMediaType().startsWith("application/vnd.dev.sigstore.trustedroot")) {
      return Optional.of("not a trusted root media type");
    }
    if (m.getTlogsCount() > TrustedRoot.MAX_ENTRIES || m.getCtlogsCount() > TrustedRoot.MAX_ENTRIES
        || m.getCertificateAuthoritiesCount() > TrustedRoot.MAX_ENTRIES || m.getTimestampAuthoritiesCount() > TrustedRoot.MAX_ENTRIES) {
      return Optional.of("more than " + TrustedRoot.MAX_ENTRIES + " logs or authorities of a kind");
    }
    for (TransparencyLogInstance l : m.getTlogsList()) {
      Optional<String> r = logRule(l);
      if (r.isPresent()) {
        return r;
      }
    }
    List<CertificateAuthority> authorities = new ArrayList<>(m.getCertificateAuthoritiesList());
    authorities.addAll(m.getTimestampAuthoritiesList());
    for (CertificateAuthority a : authorities) {
      if (!a.hasCertChain() || a.getCertChain().getCertificatesCount() == 0
          || a.getCertChain().getCertificatesCount() > TrustedRoot.MAX_ENTRIES) {
        return Optional.of("an authority without certificates, or too many");
      }
      for (var c : a.getCertChain().getCertificatesList()) {
        try {
          FulcioCertificate.parse(c.getRawBytes().toByteArray());
        } catch (java.security.GeneralSecurityException e) {
          return Optional.of("an authority certificate that is not X.509");
        }
      }
      if (!a.hasValidFor() || !a.getValidFor().hasStart()) {
        return Optional.of("an authority without a validity start");
      }
    }
    return Optional.empty();
  }

  /** Why airid cannot use a log (a tlog so refused fails the root; a ctlog so refused is left out). */
  private static Optional<String> logRule(TransparencyLogInstance l) {
    if (l.getHashAlgorithm() == HashAlgorithm.UNRECOGNIZED || (l.hasPublicKey()
        && l.getPublicKey().getKeyDetails() == PublicKeyDetails.UNRECOGNIZED)) {
      return Optional.of("an enum number that names no value");
    }
    if (!l.hasPublicKey() || l.getPublicKey().getRawBytes().isEmpty()) {
      return Optional.of("a log without a public key");
    }
    try {
      KeyFiles.readSpki(l.getPublicKey().getRawBytes().toByteArray(), "oracle");
    } catch (InputRejectedException e) {
      return Optional.of("a log key that is not a usable SubjectPublicKeyInfo");
    }
    if (!l.getPublicKey().hasValidFor() || !l.getPublicKey().getValidFor().hasStart()) {
      return Optional.of("a log key without a validity start");
    }
    if (!l.hasLogId() || l.getLogId().getKeyId().isEmpty()) {
      return Optional.of("a log without a log id");
    }
    return Optional.empty();
  }

  /** Every field airid keeps, compared; ctlogs that airid cannot use are expected to be left out. */
  private static Optional<String> sameRoot(dev.sigstore.proto.trustroot.v1.TrustedRoot m, TrustedRoot r) {
    List<TransparencyLogInstance> usableCt = m.getCtlogsList().stream().filter(l -> logRule(l).isEmpty()).toList();
    Optional<String> d = sameLogs("tlogs", m.getTlogsList(), r.tlogs());
    if (d.isEmpty()) {
      d = sameLogs("ctlogs", usableCt, r.ctlogs());
    }
    if (d.isPresent()) {
      return d;
    }
    if (m.getCertificateAuthoritiesCount() != r.certificateAuthorities().size()
        || m.getTimestampAuthoritiesCount() != r.timestampAuthorities().size()) {
      return Optional.of("another number of authorities");
    }
    for (int i = 0; i < m.getCertificateAuthoritiesCount(); i++) {
      var c = r.certificateAuthorities().get(i);
      d = sameAuthority(m.getCertificateAuthorities(i), c.chain(), c.validFrom(), c.validUntil());
      if (d.isPresent()) {
        return Optional.of("certificateAuthorities/" + i + ": " + d.get());
      }
    }
    for (int i = 0; i < m.getTimestampAuthoritiesCount(); i++) {
      var t = r.timestampAuthorities().get(i);
      d = sameAuthority(m.getTimestampAuthorities(i), t.chain(), t.validFrom(), t.validUntil());
      if (d.isPresent()) {
        return Optional.of("timestampAuthorities/" + i + ": " + d.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> sameLogs(String what, List<TransparencyLogInstance> theirs, List<TrustedRoot.Log> ours) {
    if (theirs.size() != ours.size()) {
      return Optional.of(what + ": " + theirs.size() + " vs " + ours.size());
    }
    for (int i = 0; i < theirs.size(); i++) {
      TransparencyLogInstance t = theirs.get(i);
      TrustedRoot.Log o = ours.get(i);
      byte[] key;
      try {
        key = KeyFiles.readSpki(t.getPublicKey().getRawBytes().toByteArray(), "oracle").getEncoded();
      } catch (InputRejectedException e) {
        return Optional.of(what + "/" + i + ": key");
      }
      if (!Arrays.equals(t.getLogId().getKeyId().toByteArray(), o.logId()) || !Arrays.equals(key, o.key().getEncoded())
          || !t.getPublicKey().getKeyDetails().name().equals(o.keyDetails())
          || !instant(t.getPublicKey().getValidFor().getStart()).equals(o.validFrom())
          || !until(t.getPublicKey().getValidFor()).equals(o.validUntil())) {
        return Optional.of(what + "/" + i + ": log id, key, key details or validity");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> sameAuthority(CertificateAuthority t, List<X509Certificate> chain, Instant from, Optional<Instant> until) {
    List<ByteString> theirs = t.getCertChain().getCertificatesList().stream().map(c -> c.getRawBytes()).toList();
    if (theirs.size() != chain.size()) {
      return Optional.of("chain length");
    }
    for (int i = 0; i < chain.size(); i++) {
      try {
        if (!Arrays.equals(theirs.get(i).toByteArray(), chain.get(i).getEncoded())) {
          return Optional.of("certificate " + i);
        }
      } catch (java.security.cert.CertificateEncodingException e) {
        return Optional.of("certificate " + i);
      }
    }
    if (!instant(t.getValidFor().getStart()).equals(from) || !until(t.getValidFor()).equals(until)) {
      return Optional.of("validity");
    }
    return Optional.empty();
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static Optional<Instant> until(TimeRange r) {
    return r.hasEnd() ? Optional.of(instant(r.getEnd())) : Optional.empty();
  }

  // --- protobuf-java's leniencies -----------------------------------------------------------------------------------

  /** Where the input uses a leniency of protobuf-java's parser (beyond the proto3 JSON mapping), if anywhere. */
  static Optional<String> leniency(byte[] input, Descriptors.Descriptor type) {
    try {
      return leniency(Json.parse(input), type, "");
    } catch (InputRejectedException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> leniency(JsonValue v, Descriptors.Descriptor type, String at) {
    if (!(v instanceof JsonObject o)) {
      return Optional.empty();
    }
    List<Descriptors.FieldDescriptor> seen = new ArrayList<>();
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      Descriptors.FieldDescriptor f = field(type, e.getKey());
      if (f == null) {
        continue;
      }
      if (seen.contains(f)) {
        return Optional.of(at + "/" + e.getKey() + ": a field given twice, the first time as null");
      }
      seen.add(f);
      List<JsonValue> values = f.isRepeated() && e.getValue() instanceof JsonArray a ? a.elements() : List.of(e.getValue());
      for (JsonValue x : values) {
        Optional<String> l = single(f, x, at + "/" + e.getKey());
        if (l.isPresent()) {
          return l;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> single(Descriptors.FieldDescriptor f, JsonValue x, String at) {
    boolean scalar = x instanceof JsonNumber || x instanceof JsonBoolean;
    switch (f.getJavaType()) {
      case STRING:
        return scalar ? Optional.of(at + ": a number or boolean for a string field") : Optional.empty();
      case BYTE_STRING:
        if (scalar) {
          return Optional.of(at + ": a number or boolean for a bytes field");
        }
        if (x instanceof JsonString s) {
          try {
            ProtoJson.base64(s, at, dev.airid.ErrorCode.BUNDLE_INVALID);
          } catch (InputRejectedException e) {
            return Optional.of(at + ": Base64 that is not standard or URL-safe Base64 (Guava's decoder reads it)");
          }
        }
        return Optional.empty();
      case MESSAGE:
        if (f.getMessageType().getFullName().equals("google.protobuf.Timestamp")) {
          return x instanceof JsonString s && !strictTime(s.value())
              ? Optional.of(at + ": a time protobuf rolls over or truncates: " + s.value()) : Optional.empty();
        }
        return leniency(x, f.getMessageType(), at);
      default:
        return Optional.empty();
    }
  }

  private static boolean strictTime(String s) {
    if (!s.matches("(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,9})?(Z|[+-][0-9]{2}:[0-9]{2})")) {
      return false;
    }
    try {
      java.time.OffsetDateTime.parse(s, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static Descriptors.FieldDescriptor field(Descriptors.Descriptor type, String name) {
    Descriptors.FieldDescriptor f = type.findFieldByName(name);
    if (f != null) {
      return f;
    }
    for (Descriptors.FieldDescriptor g : type.getFields()) {
      if (g.getJsonName().equals(name)) {
        return g;
      }
    }
    return null;
  }

  // --- both sides -----------------------------------------------------------------------------------------------------

  /** Why airid's strict JSON layer refuses the text, if it does. */
  static Optional<String> strictJson(byte[] input) {
    try {
      Json.parse(input);
      return Optional.empty();
    } catch (InputRejectedException e) {
      return Optional.of(e.code().name());
    }
  }

  /**
   * protobuf's parser, as a Java program uses it: the bytes decoded as UTF-8 (malformed sequences replaced), unknown
   * fields refused (the default). Any exception is a refusal.
   */
  static String protobuf(byte[] input, Message.Builder into) {
    try {
      JsonFormat.parser().merge(new String(input, StandardCharsets.UTF_8), into);
      return "accepted";
    } catch (Exception | StackOverflowError e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
