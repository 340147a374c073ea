package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.internal.FulcioCertificate;
import dev.airid.sigstore.internal.KeyDetails;
import dev.airid.sigstore.internal.ProtoJson;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a Sigstore trusted root ({@code application/vnd.dev.sigstore.trustedroot+json;version=0.1}) that
 * verification needs: transparency logs, timestamp authorities, and for keyless signing the certificate authorities
 * and certificate transparency logs, each with its validity window.
 *
 * <p>A log without a validity start is rejected: a key whose window cannot be checked is not trusted (the
 * sigstore-conformance case {@code trust-root-tlog-missing-validity-start_fail}).
 */
public record TrustedRoot(List<Log> tlogs, List<TimestampAuthority> timestampAuthorities,
    List<CertificateAuthority> certificateAuthorities, List<Log> ctlogs) {

  /** A transparency log: its id (SHA-256 of its key's SPKI), key and validity. */
  public record Log(byte[] logId, PublicKey key, String keyDetails, Instant validFrom, Optional<Instant> validUntil) {
    /** Whether this was valid at {@code t} (start and end inclusive). */
    public boolean validAt(Instant t) {
      return within(t, validFrom, validUntil);
    }
  }

  /** A timestamp authority: its certificate chain (leaf first) and validity. */
  public record TimestampAuthority(List<X509Certificate> chain, Instant validFrom, Optional<Instant> validUntil) {
    /** Whether this was valid at {@code t} (start and end inclusive). */
    public boolean validAt(Instant t) {
      return within(t, validFrom, validUntil);
    }
  }

  /** A certificate authority (Fulcio): its chain, leaf-most first and ending at its root, and validity. */
  public record CertificateAuthority(List<X509Certificate> chain, Instant validFrom, Optional<Instant> validUntil) {
    /** Whether this was valid at {@code t} (start and end inclusive). */
    public boolean validAt(Instant t) {
      return within(t, validFrom, validUntil);
    }
  }

  /** A trusted root's validity window: from its start, inclusive, up to its end (if any), inclusive. */
  private static boolean within(Instant t, Instant from, Optional<Instant> until) {
    return !t.isBefore(from) && until.map(u -> !t.isAfter(u)).orElse(true);
  }

  public TrustedRoot {
    tlogs = List.copyOf(tlogs);
    timestampAuthorities = List.copyOf(timestampAuthorities);
    certificateAuthorities = List.copyOf(certificateAuthorities);
    ctlogs = List.copyOf(ctlogs);
  }

  /** A trusted root with logs and timestamp authorities only, as key-based verification needs. */
  public TrustedRoot(List<Log> tlogs, List<TimestampAuthority> timestampAuthorities) {
    this(tlogs, timestampAuthorities, List.of(), List.of());
  }

  /** Reads a trusted root file (at most {@link #MAX_BYTES}). */
  public static TrustedRoot read(java.nio.file.Path file) throws InputRejectedException, java.io.IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw error("", "the file is larger than " + MAX_BYTES + " bytes");
    }
    return parse(dev.airid.json.Json.parse(Files.readAllBytes(file)));
  }

  /** Largest trusted root file read: the public-good root is about 7 KB. */
  public static final int MAX_BYTES = 1 << 20;

  /** Most logs or authorities of one kind in a trusted root. */
  public static final int MAX_ENTRIES = 64;

  private static final String[] LOG_FIELDS = {"baseUrl", "hashAlgorithm", "publicKey", "logId", "checkpointKeyId", "operator"};
  private static final String[] AUTHORITY_FIELDS = {"subject", "uri", "certChain", "validFor", "operator"};

  /**
   * Reads a trusted root ({@code dev.sigstore.trustroot.v1.TrustedRoot} in protobuf JSON). Errors are {@link
   * ErrorCode#TRUSTED_ROOT_INVALID} with the pointer of the problem.
   */
  public static TrustedRoot parse(JsonValue json) throws InputRejectedException {
    ProtoJson o = ProtoJson.message(json, "", CODE, "TrustedRoot", "mediaType", "tlogs", "certificateAuthorities", "ctlogs",
        "timestampAuthorities");
    if (!o.string("mediaType").startsWith("application/vnd.dev.sigstore.trustedroot")) {
      throw o.error("mediaType", "not a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot+json;version=0.1)");
    }
    List<Log> logs = new ArrayList<>();
    for (ProtoJson l : o.messages("tlogs", MAX_ENTRIES, "TransparencyLogInstance", LOG_FIELDS)) {
      wellFormed(l);
      logs.add(log(l));
    }
    List<TimestampAuthority> tsas = new ArrayList<>();
    for (ProtoJson a : o.messages("timestampAuthorities", MAX_ENTRIES, "CertificateAuthority", AUTHORITY_FIELDS)) {
      Authority x = authority(a);
      tsas.add(new TimestampAuthority(x.chain, x.from, x.until));
    }
    List<CertificateAuthority> cas = new ArrayList<>();
    for (ProtoJson a : o.messages("certificateAuthorities", MAX_ENTRIES, "CertificateAuthority", AUTHORITY_FIELDS)) {
      Authority x = authority(a);
      cas.add(new CertificateAuthority(x.chain, x.from, x.until));
    }
    List<Log> ctlogs = new ArrayList<>();
    for (ProtoJson l : o.messages("ctlogs", MAX_ENTRIES, "TransparencyLogInstance", LOG_FIELDS)) {
      // A CT log whose key cannot be used (an unknown algorithm, a missing validity start) is left out rather than
      // failing the whole root: it can then vouch for no certificate, and key-based verification never needs it. A
      // CT log that is not well-formed protobuf JSON fails the root, as it does for protobuf's own parser.
      wellFormed(l);
      try {
        ctlogs.add(log(l));
      } catch (InputRejectedException unusable) {
        // left out
      }
    }
    return new TrustedRoot(logs, tsas, cas, ctlogs);
  }

  /**
   * Every field of a TransparencyLogInstance read as the protobuf JSON mapping reads it (types, Base64, enum names,
   * timestamps), whether airid uses it or not: what protobuf's parser refuses is refused here too.
   */
  private static void wellFormed(ProtoJson o) throws InputRejectedException {
    o.string("baseUrl");
    o.enumWellFormed("hashAlgorithm", HASH_ALGORITHMS);
    o.string("operator");
    for (String id : new String[] {"logId", "checkpointKeyId"}) {
      Optional<ProtoJson> logId = o.message(id, "LogId", "keyId");
      if (logId.isPresent()) {
        logId.get().bytes("keyId");
      }
    }
    Optional<ProtoJson> pk = o.message("publicKey", "PublicKey", "rawBytes", "keyDetails", "validFor");
    if (pk.isPresent()) {
      pk.get().bytes("rawBytes");
      KeyDetails.wellFormed(pk.get(), "keyDetails");
      Optional<ProtoJson> validFor = pk.get().message("validFor", "TimeRange", "start", "end");
      if (validFor.isPresent()) {
        validFor.get().timestamp("start");
        validFor.get().timestamp("end");
      }
    }
  }

  private static final java.util.Set<String> HASH_ALGORITHMS =
      java.util.Arrays.stream(HashAlgorithm.values()).map(Enum::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static Log log(ProtoJson o) throws InputRejectedException {
    o.string("baseUrl");
    o.enumeration("hashAlgorithm", HashAlgorithm.class, HashAlgorithm::ofNumber);
    o.string("operator");
    o.message("checkpointKeyId", "LogId", "keyId");
    ProtoJson pk = o.requiredMessage("publicKey", "PublicKey", "rawBytes", "keyDetails", "validFor");
    String details = KeyDetails.name(pk, "keyDetails");
    PublicKey key = dev.airid.keys.KeyFiles.readSpki(pk.requiredBytes("rawBytes"), "trusted root " + pk.pointer("rawBytes"));
    ProtoJson validFor = pk.message("validFor", "TimeRange", "start", "end")
        .orElseThrow(() -> pk.error("validFor", "a transparency log key needs a validity start"));
    Instant start = validFor.timestamp("start")
        .orElseThrow(() -> validFor.error("start", "a transparency log key needs a validity start"));
    byte[] logId = o.requiredMessage("logId", "LogId", "keyId").requiredBytes("keyId");
    return new Log(logId, key, details, start, validFor.timestamp("end"));
  }

  private record Authority(List<X509Certificate> chain, Instant from, Optional<Instant> until) {}

  private static Authority authority(ProtoJson o) throws InputRejectedException {
    Optional<ProtoJson> subject = o.message("subject", "DistinguishedName", "organization", "commonName");
    if (subject.isPresent()) {
      subject.get().string("organization");
      subject.get().string("commonName");
    }
    o.string("uri");
    o.string("operator");
    List<X509Certificate> chain = new ArrayList<>();
    ProtoJson certChain = o.requiredMessage("certChain", "X509CertificateChain", "certificates");
    for (ProtoJson c : certChain.messages("certificates", MAX_ENTRIES, "X509Certificate", "rawBytes")) {
      try {
        chain.add(FulcioCertificate.parse(c.requiredBytes("rawBytes")));
      } catch (GeneralSecurityException e) {
        throw c.error("rawBytes", "not an X.509 certificate");
      }
    }
    if (chain.isEmpty()) {
      throw o.error("certChain", "an authority needs at least one certificate");
    }
    ProtoJson validFor = o.message("validFor", "TimeRange", "start", "end")
        .orElseThrow(() -> o.error("validFor", "a certificate or timestamp authority needs a validity start"));
    Instant start = validFor.timestamp("start")
        .orElseThrow(() -> validFor.error("start", "a certificate or timestamp authority needs a validity start"));
    return new Authority(chain, start, validFor.timestamp("end"));
  }

  private static final ErrorCode CODE = ErrorCode.TRUSTED_ROOT_INVALID;

  private static InputRejectedException error(String at, String reason) {
    return new InputRejectedException(CODE, at, -1, "trusted root: " + reason);
  }

}
