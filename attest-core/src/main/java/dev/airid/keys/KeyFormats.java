package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * What key files users already have look like, and what to tell them when airid cannot read one. The one place that
 * knows PEM labels: {@link KeyFiles} asks it before parsing, so that a file of a known but unsupported format gets a
 * message naming the format (and, where there is one, the command that converts it) instead of a parser error.
 *
 * <p>Read: {@code PUBLIC KEY} (SPKI), {@code PRIVATE KEY} (PKCS#8), {@code ENCRYPTED PRIVATE KEY} (PKCS#8 PBES2), the
 * traditional {@code EC PRIVATE KEY} (SEC 1) and {@code RSA PRIVATE KEY} (PKCS#1), and {@code EC PARAMETERS} followed
 * by {@code EC PRIVATE KEY}, as {@code openssl ecparam -genkey} writes them. Named, with advice: cosign's and
 * Sigstore's encrypted keys, OpenSSH keys, PGP keys, certificates, OpenSSL's legacy {@code Proc-Type} encryption.
 * Stateless and thread-safe.
 */
final class KeyFormats {

  private KeyFormats() {}

  /** Files with more PEM blocks than this are not key files; they are not read any further. */
  static final int MAX_PEM_BLOCKS = 4;

  /** One PEM block: its label and its decoded body. */
  record Block(String label, byte[] body, boolean procTypeEncrypted) {}

  /**
   * The PEM blocks of {@code text}, at most {@link #MAX_PEM_BLOCKS}; empty if it has none.
   *
   * @throws InputRejectedException {@link ErrorCode#KEY_INVALID} if a block is damaged (bad base64, no END line)
   */
  static List<Block> blocks(String text, String source) throws InputRejectedException {
    List<Block> out = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(text))) {
      for (PemObject o; (o = reader.readPemObject()) != null; ) {
        if (out.size() == MAX_PEM_BLOCKS) {
          throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds more than " + MAX_PEM_BLOCKS
              + " PEM blocks; a key file holds one key");
        }
        boolean procType = o.getHeaders().stream().anyMatch(h -> h instanceof org.bouncycastle.util.io.pem.PemHeader p
            && p.getName().equalsIgnoreCase("Proc-Type") && p.getValue().contains("ENCRYPTED"));
        out.add(new Block(o.getType(), o.getContent(), procType));
      }
    } catch (IOException | RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is not a valid PEM key file");
    }
    return out;
  }

  /**
   * Refuses, with a message naming the format, a key file airid recognises but does not read: checked before any
   * parsing, so the advice does not depend on how far a parser gets.
   *
   * @param wantPrivate whether a private key is expected (else a public one)
   */
  static void refuseKnownFormats(String text, List<Block> blocks, String source, boolean wantPrivate)
      throws InputRejectedException {
    if (blocks.isEmpty()) {
      String first = text.lines().findFirst().orElse("").strip();
      if (first.matches("(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa|sk-\\S+) [A-Za-z0-9+/=]+.*")) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + " is an OpenSSH public key; airid reads PEM "
            + "(SPKI) or JWK public keys: convert it with 'ssh-keygen -e -m PKCS8 -f " + source + "'");
      }
      if (first.startsWith("PuTTY-User-Key-File")) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + " is a PuTTY key; export it as PKCS#8 PEM "
            + "('puttygen " + source + " -O private-openssh-new' gives OpenSSH, then 'ssh-keygen -p -m PKCS8')");
      }
      return;
    }
    for (Block b : blocks) {
      String label = b.label();
      if (label.equals("ENCRYPTED SIGSTORE PRIVATE KEY") || label.equals("ENCRYPTED COSIGN PRIVATE KEY")) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + " is a cosign key (\"" + label + "\": scrypt and "
            + "NaCl secretbox, cosign's own format); airid reads PKCS#8 or SEC 1 PEM and JWK: create a key with "
            + "'airid keygen', or give airid this key's public half (cosign.pub, a PEM \"PUBLIC KEY\") to verify");
      }
      if (label.equals("OPENSSH PRIVATE KEY")) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + " is an OpenSSH private key; convert a copy "
            + "to PKCS#8 with 'ssh-keygen -p -m PKCS8 -f COPY' (it rewrites the file in place)");
      }
      if (label.startsWith("PGP ")) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + " is an OpenPGP key (\"" + label
            + "\"); airid reads PKCS#8, SEC 1 or SPKI PEM and JWK keys");
      }
      if (label.equals("CERTIFICATE")) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, wantPrivate
            ? source + " is an X.509 certificate, not a private key; give the key file it was issued for"
            : source + " is an X.509 certificate, not a public key: for Sigstore keyless bundles give "
                + "--certificate-identity and --certificate-oidc-issuer; for the key inside it, "
                + "'openssl x509 -in " + source + " -pubkey -noout'");
      }
      if (b.procTypeEncrypted()) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + " uses OpenSSL's legacy PEM encryption "
            + "(Proc-Type: 4,ENCRYPTED); re-encrypt it as PKCS#8 with 'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf "
            + "hmacWithSHA256 -in " + source + " -out NEW.key'");
      }
    }
    if (blocks.size() == 2 && isEcParametersThenKey(blocks)) {
      return;
    }
    if (blocks.size() > 1) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds more than one PEM object ("
          + String.join(", ", blocks.stream().map(b -> "\"" + b.label() + "\"").toList()) + "); a key file holds one key");
    }
    String label = blocks.get(0).label();
    List<String> known = wantPrivate
        ? List.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY")
        : List.of("PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY");
    if (!known.contains(label)) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds a PEM \"" + label + "\" block; airid reads "
          + (wantPrivate ? "\"PRIVATE KEY\", \"ENCRYPTED PRIVATE KEY\", \"EC PRIVATE KEY\" or \"RSA PRIVATE KEY\""
              : "\"PUBLIC KEY\"") + " PEM, or a JWK");
    }
  }

  static boolean isEcParametersThenKey(List<Block> blocks) {
    return blocks.get(0).label().equals("EC PARAMETERS") && blocks.get(1).label().equals("EC PRIVATE KEY");
  }

  /**
   * The private key of an {@code EC PARAMETERS} block followed by an {@code EC PRIVATE KEY} block (SEC 1), as {@code
   * openssl ecparam -genkey} writes them: the curve must be named, and if the key names one too, the same one.
   */
  static PrivateKeyInfo ecWithParameters(List<Block> blocks, String source) throws InputRejectedException {
    byte[] params = blocks.get(0).body();
    byte[] key = blocks.get(1).body();
    if (!StrictDer.isDer(params) || !StrictDer.isDer(key)) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID,
          source + " is not DER-encoded (non-minimal lengths or integers, or indefinite lengths); re-export the key");
    }
    ASN1ObjectIdentifier curve;
    ECPrivateKey sec1;
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(params);
      if (!(p instanceof ASN1ObjectIdentifier oid)) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": its EC PARAMETERS spell the curve out "
            + "(explicit parameters); airid reads keys on named curves: 'openssl ecparam -name prime256v1 -genkey "
            + "-param_enc named_curve'");
      }
      curve = oid;
      sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(key));
    } catch (IOException | RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": damaged EC PARAMETERS or EC PRIVATE KEY block");
    }
    Optional<org.bouncycastle.asn1.ASN1Object> own = Optional.ofNullable(sec1.getParametersObject());
    if (own.isPresent() && !own.get().toASN1Primitive().equals(curve)) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": its EC PARAMETERS name curve " + curve.getId()
          + " but its EC PRIVATE KEY another; the two blocks do not belong together");
    }
    try {
      return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
    } catch (IOException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": damaged EC PRIVATE KEY block");
    }
  }
}
