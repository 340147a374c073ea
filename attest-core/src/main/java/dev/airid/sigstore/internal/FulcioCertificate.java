package dev.airid.sigstore.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.security.cert.CertificateParsingException;
import dev.airid.sigstore.TrustedRoot;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * What a Fulcio signing certificate says, read strictly: its subject alternative names, its OIDC issuer (Fulcio's
 * extension 1.3.6.1.4.1.57264.1.8, or the legacy 1.1), and its embedded signed certificate timestamps (RFC 6962 §3.3),
 * which this class verifies against certificate transparency logs.
 */
public final class FulcioCertificate {

  static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
  static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
  static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

  /** At most this many SCTs are examined in one certificate. */
  static final int MAX_SCTS = 16;

  private FulcioCertificate() {}

  /** Largest signing certificate accepted; Fulcio's are about 1 to 3 KB. */
  static final int MAX_CERTIFICATE_BYTES = 32 * 1024;

  /**
   * Parses a DER certificate from an untrusted bundle. The shape is checked first, because the JDK's parser recurses
   * once per nested indefinite-length BER element and a few kilobytes of {@code 30 80 30 80 …} overflow its stack:
   * one SEQUENCE with a definite length that spans exactly the input.
   */
  public static X509Certificate parse(byte[] der) throws GeneralSecurityException {
    if (der.length < 2 || der.length > MAX_CERTIFICATE_BYTES || der[0] != 0x30 || !definiteLengthSpans(der)) {
      throw new java.security.cert.CertificateException("not a single DER certificate of at most " + MAX_CERTIFICATE_BYTES + " bytes");
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (StackOverflowError e) {
      throw new java.security.cert.CertificateException("certificate nested too deeply");
    }
  }

  private static boolean definiteLengthSpans(byte[] der) {
    int first = der[1] & 0xFF;
    if (first < 0x80) {
      return 2 + first == der.length;
    }
    int n = first & 0x7F;
    if (n == 0 || n > 3 || 2 + n > der.length) {
      return false; // 0x80 is the indefinite form; more than 3 length bytes exceeds the size cap anyway
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[2 + i] & 0xFF);
    }
    return 2 + n + len == der.length;
  }

  /** Fulcio's otherName SAN type for a username identity ({@code username!domain} style principals). */
  static final ASN1ObjectIdentifier USERNAME_SAN = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.7");

  /**
   * The identity subject alternative names: email (rfc822Name), URI, and Fulcio's username otherName (a UTF8String
   * under OID 1.3.6.1.4.1.57264.1.7). Other name types are not identities and are left out.
   */
  public static List<String> subjects(X509Certificate cert) throws GeneralSecurityException {
    List<String> out = new ArrayList<>();
    byte[] ext = cert.getExtensionValue(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName.getId());
    if (ext == null) {
      return out;
    }
    try {
      org.bouncycastle.asn1.x509.GeneralNames names = org.bouncycastle.asn1.x509.GeneralNames.getInstance(
          ASN1OctetString.getInstance(ext).getOctets());
      for (org.bouncycastle.asn1.x509.GeneralName n : names.getNames()) {
        switch (n.getTagNo()) {
          case org.bouncycastle.asn1.x509.GeneralName.rfc822Name, org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier ->
              out.add(((ASN1String) n.getName()).getString());
          case org.bouncycastle.asn1.x509.GeneralName.otherName -> {
            org.bouncycastle.asn1.x509.OtherName other = org.bouncycastle.asn1.x509.OtherName.getInstance(n.getName());
            if (other.getTypeID().equals(USERNAME_SAN) && other.getValue() instanceof ASN1String v) {
              out.add(v.getString());
            }
          }
          default -> {
            // DNS names, IP addresses and the like do not name an OIDC identity
          }
        }
      }
    } catch (RuntimeException e) {
      throw new java.security.cert.CertificateParsingException("malformed subject alternative names");
    }
    return out;
  }

  /** The OIDC issuer: the v2 extension (a DER UTF8String), else the legacy one (raw bytes). */
  public static Optional<String> issuer(X509Certificate cert) {
    try {
      byte[] v2 = cert.getExtensionValue(ISSUER_V2);
      if (v2 != null) {
        ASN1Primitive p = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(v2).getOctets());
        return Optional.of(((ASN1String) p).getString());
      }
      byte[] v1 = cert.getExtensionValue(ISSUER_V1);
      if (v1 != null) {
        return Optional.of(new String(ASN1OctetString.getInstance(v1).getOctets(), StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** One embedded SCT: the log it names, when, and whether a trusted log's signature over the precertificate holds. */
  public record Sct(byte[] logId, Instant time, boolean verified) {}

  /**
   * The certificate's embedded SCTs, each verified against the log of {@code ctlogs} it names (valid at the SCT's
   * time). {@code issuer} is the certificate that issued {@code cert}, whose key hash the precertificate entry binds.
   */
  public static List<Sct> scts(X509Certificate cert, X509Certificate issuer, List<TrustedRoot.Log> ctlogs)
      throws CertificateParsingException {
    byte[] ext = cert.getExtensionValue(SCT_LIST.getId());
    if (ext == null) {
      return List.of();
    }
    byte[] list;
    byte[] preTbs;
    try {
      list = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
      preTbs = precertificateTbs(cert);
    } catch (IOException | RuntimeException | GeneralSecurityException e) {
      throw new CertificateParsingException("malformed SCT extension", e);
    }
    byte[] issuerKeyHash = dev.airid.internal.Sha256.of(issuer.getPublicKey().getEncoded());
    Reader r = new Reader(list);
    Reader all = new Reader(r.bytes(r.u(2)));
    r.end();
    List<Sct> out = new ArrayList<>();
    while (!all.done()) {
      if (out.size() == MAX_SCTS) {
        throw new CertificateParsingException("more than " + MAX_SCTS + " SCTs");
      }
      Reader s = new Reader(all.bytes(all.u(2)));
      int version = (int) s.u(1);
      byte[] logId = s.bytes(32);
      long millis = s.u(8);
      byte[] extensions = s.bytes(s.u(2));
      int hashAlg = (int) s.u(1);
      int sigAlg = (int) s.u(1);
      byte[] sig = s.bytes(s.u(2));
      s.end();
      Instant time = Instant.ofEpochMilli(millis);
      boolean ok = false;
      for (TrustedRoot.Log log : ctlogs) {
        if (version == 0 && hashAlg == 4 && MessageDigest.isEqual(log.logId(), logId) && log.validAt(time)) {
          byte[] signed = signedEntry(millis, issuerKeyHash, preTbs, extensions);
          ok = verify(log.key(), sigAlg, signed, sig);
          break;
        }
      }
      out.add(new Sct(logId, time, ok));
    }
    return out;
  }

  /** RFC 6962 §3.2 digitally-signed struct for a precert_entry. */
  private static byte[] signedEntry(long millis, byte[] issuerKeyHash, byte[] tbs, byte[] extensions) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.write(0); // version v1
    b.write(0); // signature_type certificate_timestamp
    for (int i = 7; i >= 0; i--) {
      b.write((int) (millis >>> (8 * i)));
    }
    b.write(0);
    b.write(1); // entry_type precert_entry
    b.writeBytes(issuerKeyHash);
    b.write(tbs.length >>> 16);
    b.write(tbs.length >>> 8);
    b.write(tbs.length);
    b.writeBytes(tbs);
    b.write(extensions.length >>> 8);
    b.write(extensions.length);
    b.writeBytes(extensions);
    return b.toByteArray();
  }

  /** RFC 5246 SignatureAndHashAlgorithm: hash SHA-256 (checked by the caller) with ECDSA (3) or RSA (1). */
  private static boolean verify(PublicKey key, int sigAlg, byte[] data, byte[] sig) {
    boolean fits = sigAlg == 3 && key.getAlgorithm().equals("EC") || sigAlg == 1 && key.getAlgorithm().equals("RSA");
    return fits && Signatures.verify(key, data, sig);
  }

  /** The TBSCertificate the CT log signed: the final one without its SCT list extension, order otherwise kept. */
  private static byte[] precertificateTbs(X509Certificate cert) throws IOException, GeneralSecurityException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getTBSCertificate());
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (ASN1Encodable e : tbs) {
      if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        Extensions exts = Extensions.getInstance(t.getExplicitBaseObject());
        ASN1EncodableVector kept = new ASN1EncodableVector();
        for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
          if (!oid.equals(SCT_LIST)) {
            kept.add(exts.getExtension(oid));
          }
        }
        v.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
      } else {
        v.add(e);
      }
    }
    return new DERSequence(v).getEncoded(ASN1Encoding.DER);
  }

  /** Reads TLS-encoded big-endian fields; any overrun is a malformed list. */
  private static final class Reader {
    private final byte[] b;
    private int p;

    Reader(byte[] b) {
      this.b = b;
    }

    long u(int n) throws CertificateParsingException {
      need(n);
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (b[p++] & 0xff);
      }
      return v;
    }

    byte[] bytes(long n) throws CertificateParsingException {
      need(n);
      byte[] out = java.util.Arrays.copyOfRange(b, p, p + (int) n);
      p += (int) n;
      return out;
    }

    boolean done() {
      return p == b.length;
    }

    void end() throws CertificateParsingException {
      if (!done()) {
        throw new CertificateParsingException("trailing bytes in SCT list");
      }
    }

    private void need(long n) throws CertificateParsingException {
      if (n < 0 || n > b.length - p) {
        throw new CertificateParsingException("truncated SCT list");
      }
    }
  }
}
