package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
    boolean validAt(Instant t) {
      return within(t, validFrom, validUntil);
    }
  }

  /** A timestamp authority: its certificate chain (leaf first) and validity. */
  public record TimestampAuthority(List<X509Certificate> chain, Instant validFrom, Optional<Instant> validUntil) {
    boolean validAt(Instant t) {
      return within(t, validFrom, validUntil);
    }
  }

  /** A certificate authority (Fulcio): its chain, leaf-most first and ending at its root, and validity. */
  public record CertificateAuthority(List<X509Certificate> chain, Instant validFrom, Optional<Instant> validUntil) {
    boolean validAt(Instant t) {
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

  public static TrustedRoot parse(JsonValue json) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error("", "a trusted root is a JSON object");
    }
    if (!(o.getOrNull("mediaType") instanceof JsonString mt) || !mt.value().startsWith("application/vnd.dev.sigstore.trustedroot")) {
      throw error("/mediaType", "not a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot+json;version=0.1)");
    }
    List<Log> logs = new ArrayList<>();
    if (o.getOrNull("tlogs") instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        logs.add(log(a.get(i), "/tlogs/" + i));
      }
    }
    List<TimestampAuthority> tsas = new ArrayList<>();
    if (o.getOrNull("timestampAuthorities") instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        tsas.add(tsa(a.get(i), "/timestampAuthorities/" + i));
      }
    }
    List<CertificateAuthority> cas = new ArrayList<>();
    if (o.getOrNull("certificateAuthorities") instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        TimestampAuthority ca = tsa(a.get(i), "/certificateAuthorities/" + i);
        cas.add(new CertificateAuthority(ca.chain(), ca.validFrom(), ca.validUntil()));
      }
    }
    List<Log> ctlogs = new ArrayList<>();
    if (o.getOrNull("ctlogs") instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        // A CT log whose key cannot be used (an unknown algorithm, a missing validity start) is left out rather than
        // failing the whole root: it can then vouch for no certificate, and key-based verification never needs it.
        try {
          ctlogs.add(log(a.get(i), "/ctlogs/" + i));
        } catch (InputRejectedException unusable) {
          // left out
        }
      }
    }
    return new TrustedRoot(logs, tsas, cas, ctlogs);
  }

  private static Log log(JsonValue v, String at) throws InputRejectedException {
    try {
      JsonObject o = (JsonObject) v;
      JsonObject pk = (JsonObject) o.getOrNull("publicKey");
      byte[] der = Base64.getDecoder().decode(str(pk, "rawBytes"));
      String details = str(pk, "keyDetails");
      String alg = details.startsWith("PKIX_ECDSA") ? "EC" : details.startsWith("PKIX_ED25519") ? "Ed25519" : "RSA";
      PublicKey key = KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      JsonObject validFor = (JsonObject) pk.getOrNull("validFor");
      if (validFor == null || !(validFor.getOrNull("start") instanceof JsonString)) {
        throw error(at + "/publicKey/validFor/start", "a transparency log key needs a validity start");
      }
      byte[] logId = Base64.getDecoder().decode(str((JsonObject) o.getOrNull("logId"), "keyId"));
      return new Log(logId, key, details, Instant.parse(str(validFor, "start")), optionalTime(validFor, "end"));
    } catch (InputRejectedException e) {
      throw e;
    } catch (RuntimeException | GeneralSecurityException e) {
      throw error(at, "malformed transparency log: " + e.getMessage());
    }
  }

  private static TimestampAuthority tsa(JsonValue v, String at) throws InputRejectedException {
    try {
      JsonObject o = (JsonObject) v;
      List<X509Certificate> chain = new ArrayList<>();
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (JsonValue c : (JsonArray) ((JsonObject) o.getOrNull("certChain")).getOrNull("certificates")) {
        chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(str((JsonObject) c, "rawBytes")))));
      }
      JsonObject validFor = (JsonObject) o.getOrNull("validFor");
      if (validFor == null || !(validFor.getOrNull("start") instanceof JsonString)) {
        throw error(at + "/validFor/start", "a certificate or timestamp authority needs a validity start");
      }
      if (chain.isEmpty()) {
        throw error(at + "/certChain", "an authority needs at least one certificate");
      }
      return new TimestampAuthority(chain, Instant.parse(str(validFor, "start")), optionalTime(validFor, "end"));
    } catch (InputRejectedException e) {
      throw e;
    } catch (RuntimeException | GeneralSecurityException e) {
      throw error(at, "malformed authority: " + e.getMessage());
    }
  }

  private static Optional<Instant> optionalTime(JsonObject o, String name) {
    return o.getOrNull(name) instanceof JsonString s ? Optional.of(Instant.parse(s.value())) : Optional.empty();
  }

  private static String str(JsonObject o, String name) {
    return ((JsonString) o.getOrNull(name)).value();
  }

  private static InputRejectedException error(String at, String reason) {
    return new InputRejectedException(ErrorCode.BUNDLE_INVALID, at, -1, "trusted root: " + reason);
  }

}
