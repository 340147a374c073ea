package dev.airid.keys;

import dev.airid.internal.BouncyCastle;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes keys: PEM (SPKI public keys; PKCS#8 private keys, plain or encrypted with PBES2; SEC 1 {@code EC
 * PRIVATE KEY}, alone or after an {@code EC PARAMETERS} block as {@code openssl ecparam -genkey} writes it; PKCS#1 {@code
 * RSA PRIVATE KEY}) and JWK (RFC 7517). Formats airid recognises but does not read (cosign's encrypted keys, OpenSSH,
 * OpenPGP, certificates, legacy OpenSSL encryption) are refused with a message that names them.
 *
 * <p>Passphrases are {@code char[]} so that callers can wipe them; this class never keeps them. Bouncy Castle is used
 * as a private provider instance for PEM and PBES2, never registered globally; the signing keys themselves are JDK
 * keys.
 */
public final class KeyFiles {

  /** Key files larger than this are refused: no key airid accepts comes near it. */
  public static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  /** PBKDF2-HMAC-SHA256 iterations for encrypted private keys (OWASP 2023 guidance). */
  public static final int PBKDF2_ITERATIONS = 600_000;

  /**
   * Encrypted keys asking for more PBKDF2 iterations than this are refused before any work: a hostile key file must not
   * be able to keep a verifier busy for minutes.
   */
  public static final int MAX_PBKDF2_ITERATIONS = 5_000_000;

  private KeyFiles() {}

  /**
   * Reads a public key from PEM ({@code PUBLIC KEY}) or JWK.
   *
   * @param source a name for error messages (a file name)
   * @param algorithm the algorithm to bind the key to; empty for the key type's default (or the JWK's {@code alg})
   */
  public static VerificationKey readPublic(byte[] data, String source, Optional<SignatureAlgorithm> algorithm)
      throws InputRejectedException {
    checkSize(data, source);
    String text = new String(data, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      return fromJwk(data, source, algorithm, false).publicKey();
    }
    java.util.List<KeyFormats.Block> blocks = KeyFormats.blocks(text, source);
    KeyFormats.refuseKnownFormats(text, blocks, source, false);
    if (blocks.size() == 2) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID,
          source + " holds a private key (EC PARAMETERS and EC PRIVATE KEY) where a public key is expected; pass the .pub file");
    }
    Object pem = readSinglePem(text, source);
    if (pem instanceof SubjectPublicKeyInfo spki) {
      return bind(publicKey(spki, source), algorithm, source);
    }
    if (pem instanceof PrivateKeyInfo || pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMKeyPair) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID,
          source + " holds a private key where a public key is expected; pass the .pub file");
    }
    throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": expected a PEM \"PUBLIC KEY\" or a JWK");
  }

  /**
   * A public key from DER SubjectPublicKeyInfo bytes (as a Sigstore trusted root or log entry carries them), with the
   * rules of {@link #readPublic}: DER only, an EC point compressed or not. Not bound to an algorithm.
   *
   * @param source a name for error messages
   */
  public static PublicKey readSpki(byte[] der, String source) throws InputRejectedException {
    if (der.length > MAX_KEY_FILE_BYTES || !StrictDer.isDer(der)) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": not a DER SubjectPublicKeyInfo");
    }
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": not a SubjectPublicKeyInfo");
    }
    return publicKey(spki, source);
  }

  /**
   * Reads a private key from PEM ({@code PRIVATE KEY}, {@code ENCRYPTED PRIVATE KEY}, {@code EC PRIVATE KEY} with or
   * without a preceding {@code EC PARAMETERS} block, {@code RSA PRIVATE KEY}) or JWK, and derives its public half.
   *
   * @param passphrase for an encrypted key; may be null for a plain one
   */
  public static SigningKey readPrivate(byte[] data, String source, char[] passphrase, Optional<SignatureAlgorithm> algorithm)
      throws InputRejectedException {
    checkSize(data, source);
    String text = new String(data, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      return fromJwk(data, source, algorithm, true).signingKey();
    }
    java.util.List<KeyFormats.Block> blocks = KeyFormats.blocks(text, source);
    KeyFormats.refuseKnownFormats(text, blocks, source, true);
    if (blocks.size() == 2) {
      // EC PARAMETERS, then EC PRIVATE KEY: what 'openssl ecparam -genkey' writes
      return signingKey(KeyFormats.ecWithParameters(blocks, source), source, algorithm);
    }
    Object pem = readSinglePem(text, source);
    PrivateKeyInfo info;
    if (pem instanceof PrivateKeyInfo p) {
      info = p;
    } else if (pem instanceof PKCS8EncryptedPrivateKeyInfo enc) {
      if (passphrase == null || passphrase.length == 0) {
        throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE, source + " is encrypted and needs a passphrase");
      }
      checkIterations(enc, source);
      try {
        info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(passphrase));
      } catch (PKCSException | OperatorCreationException | RuntimeException e) {
        throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE, "cannot decrypt " + source + ": wrong passphrase or damaged file");
      }
    } else if (pem instanceof PEMKeyPair pair) {
      info = pair.getPrivateKeyInfo(); // traditional "EC PRIVATE KEY" / "RSA PRIVATE KEY"
    } else if (pem instanceof SubjectPublicKeyInfo) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds a public key where a private key is expected");
    } else {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": expected a PEM \"PRIVATE KEY\" or a JWK");
    }
    return signingKey(info, source, algorithm);
  }

  /**
   * Reads a private key file (PEM or JWK, at most {@link #MAX_KEY_FILE_BYTES}); for an encrypted one the passphrase
   * comes from {@code passphrases}, asked only then, and is wiped after use. The algorithm is the key type's default.
   *
   * @throws InputRejectedException {@link ErrorCode#INPUT_NOT_FOUND} for a missing file, else a {@code KEY_*} code
   * @throws OperationFailedException {@link ErrorCode#IO_ERROR} if the file cannot be read
   */
  public static SigningKey readPrivate(java.nio.file.Path file, PassphraseSource passphrases) throws dev.airid.AiridException {
    byte[] data = readFile(file);
    String name = file.toString();
    char[] passphrase = isEncrypted(data) ? passphrases.passphrase(name).orElse(null) : null;
    try {
      return readPrivate(data, name, passphrase, Optional.empty());
    } finally {
      if (passphrase != null) {
        java.util.Arrays.fill(passphrase, '\0');
      }
    }
  }

  /** Reads a public key file (PEM or JWK), bound to its type's default algorithm. */
  public static VerificationKey readPublic(java.nio.file.Path file) throws dev.airid.AiridException {
    return readPublic(readFile(file), file.toString(), Optional.empty());
  }

  private static byte[] readFile(java.nio.file.Path file) throws dev.airid.AiridException {
    try {
      if (java.nio.file.Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, file + " is larger than " + MAX_KEY_FILE_BYTES + " bytes; not a key file");
      }
      return java.nio.file.Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + ": no such file");
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + dev.airid.internal.Causes.describe(e), e);
    }
  }

  /** Whether {@code data} is a PEM encrypted private key, which needs a passphrase to read. */
  public static boolean isEncrypted(byte[] data) {
    return new String(data, StandardCharsets.US_ASCII).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
  }

  /** A new key pair of the given type (RSA: 3072 bits). */
  public static SigningKey generate(KeyType type) throws OperationFailedException {
    try {
      java.security.KeyPairGenerator g;
      switch (type) {
        case ED25519:
          g = java.security.KeyPairGenerator.getInstance("Ed25519");
          break;
        case ECDSA_P256:
        case ECDSA_P384:
          g = java.security.KeyPairGenerator.getInstance("EC");
          g.initialize(new java.security.spec.ECGenParameterSpec(type == KeyType.ECDSA_P256 ? "secp256r1" : "secp384r1"));
          break;
        case RSA:
          g = java.security.KeyPairGenerator.getInstance("RSA");
          g.initialize(3072);
          break;
        default:
          throw new IllegalArgumentException("cannot generate " + type.id() + " keys; use rsa");
      }
      java.security.KeyPair pair = g.generateKeyPair();
      return new SigningKey(pair.getPrivate(), VerificationKey.of(pair.getPublic(), type.defaultAlgorithm()));
    } catch (GeneralSecurityException | InputRejectedException e) {
      throw new OperationFailedException(ErrorCode.CRYPTO_UNAVAILABLE, "cannot generate a " + type.id() + " key: " + e.getMessage(), e);
    }
  }

  /** PEM {@code PUBLIC KEY} (SPKI). */
  public static byte[] publicPem(VerificationKey key) {
    return pem(new PemObject("PUBLIC KEY", key.key().getEncoded()));
  }

  /**
   * PEM of the private key: {@code ENCRYPTED PRIVATE KEY} (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC) when a passphrase
   * is given, else plain {@code PRIVATE KEY} (PKCS#8).
   */
  public static byte[] privatePem(SigningKey key, char[] passphrase) throws OperationFailedException {
    if (passphrase == null || passphrase.length == 0) {
      return pem(new PemObject("PRIVATE KEY", key.privateKey().getEncoded()));
    }
    try {
      var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
          .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
          .setIterationCount(PBKDF2_ITERATIONS)
          .setProvider(BouncyCastle.PROVIDER)
          .setPassword(passphrase)
          .build();
      return pem(new JcaPKCS8Generator(key.privateKey(), encryptor).generate());
    } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new OperationFailedException(ErrorCode.CRYPTO_UNAVAILABLE, "cannot encrypt the private key: " + e.getMessage(), e);
    }
  }

  // --- internals -------------------------------------------------------------------------------------------------

  private static void checkIterations(PKCS8EncryptedPrivateKeyInfo enc, String source) throws InputRejectedException {
    AlgorithmIdentifier alg = enc.getEncryptionAlgorithm();
    if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
      throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED,
          source + " is encrypted with " + alg.getAlgorithm().getId() + "; airid reads PBES2 (PBKDF2) encrypted keys");
    }
    try {
      org.bouncycastle.asn1.pkcs.PBES2Parameters p = org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(alg.getParameters());
      if (!PKCSObjectIdentifiers.id_PBKDF2.equals(p.getKeyDerivationFunc().getAlgorithm())) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": only PBKDF2 key derivation is supported");
      }
      org.bouncycastle.asn1.pkcs.PBKDF2Params kdf = org.bouncycastle.asn1.pkcs.PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters());
      java.math.BigInteger n = kdf.getIterationCount();
      if (n.compareTo(java.math.BigInteger.valueOf(MAX_PBKDF2_ITERATIONS)) > 0) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED,
            source + " asks for " + n + " PBKDF2 iterations; at most " + MAX_PBKDF2_ITERATIONS + " are accepted");
      }
    } catch (IllegalArgumentException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": malformed PBES2 parameters");
    }
  }

  private static void checkSize(byte[] data, String source) throws InputRejectedException {
    if (data.length > MAX_KEY_FILE_BYTES) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is larger than " + MAX_KEY_FILE_BYTES + " bytes; not a key file");
    }
  }

  private static Object readSinglePem(String text, String source) throws InputRejectedException {
    Object first;
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      first = parser.readObject();
      if (first == null) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds no PEM object");
      }
      if (parser.readObject() != null) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds more than one PEM object");
      }
    } catch (IOException | RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is not a valid PEM key file");
    }
    requireDer(text, source);
    return first;
  }

  /**
   * Key files must be DER, the one encoding of each key: BER spellings (long-form or indefinite lengths, integers with
   * leading zeros) give one key many byte strings, and anything that compares or counts keys by their bytes could then
   * be fooled. Checked for the PEM body and, for SPKI public keys, for the key inside its BIT STRING.
   */
  private static void requireDer(String text, String source) throws InputRejectedException {
    byte[] body;
    try (org.bouncycastle.util.io.pem.PemReader reader = new org.bouncycastle.util.io.pem.PemReader(new StringReader(text))) {
      body = reader.readPemObject().getContent();
    } catch (IOException | RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is not a valid PEM key file");
    }
    if (!StrictDer.isDer(body)) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID,
          source + " is not DER-encoded (non-minimal lengths or integers, or indefinite lengths); re-export the key");
    }
  }

  private static PublicKey publicKey(SubjectPublicKeyInfo spki, String source) throws InputRejectedException {
    String alg = jcaAlgorithm(spki.getAlgorithm(), source);
    if ((alg.equals("RSA") || alg.equals("RSASSA-PSS")) && !StrictDer.isDer(spki.getPublicKeyData().getBytes())) {
      // The JDK reads RSAPublicKey leniently (a leading zero on n or e is accepted): require the one encoding here.
      throw InputRejectedException.of(ErrorCode.KEY_INVALID,
          source + ": the RSA public key is not DER-encoded (non-minimal integers or lengths); re-export the key");
    }
    try {
      if (alg.equals("EC")) {
        spki = uncompressed(spki);
      }
      return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki.getEncoded("DER")));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      // IllegalArgumentException: Bouncy Castle's "invalid point encoding" for a point not on the curve
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": the public key is damaged");
    }
  }

  /**
   * The same key with its point uncompressed: RFC 5480 allows either form, the JDK reads only the uncompressed one.
   * Bouncy Castle decodes the point and checks it lies on the named curve; other curves are left to {@link KeyType}.
   */
  private static SubjectPublicKeyInfo uncompressed(SubjectPublicKeyInfo spki) {
    byte[] point = spki.getPublicKeyData().getBytes();
    if (point.length == 0 || (point[0] != 2 && point[0] != 3)
        || !(spki.getAlgorithm().getParameters() instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier curve)) {
      return spki;
    }
    org.bouncycastle.asn1.x9.X9ECParameters params = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(curve);
    if (params == null) {
      return spki;
    }
    return new SubjectPublicKeyInfo(spki.getAlgorithm(), params.getCurve().decodePoint(point).getEncoded(false));
  }

  private static String jcaAlgorithm(AlgorithmIdentifier id, String source) throws InputRejectedException {
    var oid = id.getAlgorithm();
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return "Ed25519";
    }
    if (oid.equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)) {
      return "EC";
    }
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return "RSA";
    }
    if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      return "RSASSA-PSS";
    }
    throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": unsupported key algorithm " + oid.getId()
        + "; airid uses Ed25519, ECDSA P-256/P-384 and RSA");
  }

  private static VerificationKey bind(PublicKey key, Optional<SignatureAlgorithm> algorithm, String source)
      throws InputRejectedException {
    KeyType type = KeyType.ofPublicKey(key);
    SignatureAlgorithm a = algorithm.orElse(type.defaultAlgorithm());
    if (!type.allows(a)) {
      throw InputRejectedException.of(ErrorCode.KEY_MISMATCH, source + " is a " + type.id() + " key, which cannot be used for " + a.id());
    }
    return new VerificationKey(key, a);
  }

  private static SigningKey signingKey(PrivateKeyInfo info, String source, Optional<SignatureAlgorithm> algorithm)
      throws InputRejectedException {
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(info);
      AsymmetricKeyParameter pub;
      if (priv instanceof Ed25519PrivateKeyParameters ed) {
        pub = ed.generatePublicKey();
      } else if (priv instanceof ECPrivateKeyParameters ec) {
        ECPublicKeyParameters derived = new ECPublicKeyParameters(ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters());
        requireEmbeddedPublicKeyMatches(info, derived, source);
        pub = derived;
      } else if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
        pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
      } else {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": unsupported private key type");
      }
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
      if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
        // Keep the key's own algorithm identifier, so that its key id equals that of its .pub file.
        spki = new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), spki.getPublicKeyData().getBytes());
      }
      PublicKey publicKey = publicKey(spki, source);
      String alg = jcaAlgorithm(info.getPrivateKeyAlgorithm(), source);
      PrivateKey privateKey = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded("DER")));
      return new SigningKey(privateKey, bind(publicKey, algorithm, source));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": the private key is damaged or not a supported type");
    }
  }

  /**
   * SEC 1 lets an EC private key carry its public key too; when it does, that must be the public half of the scalar,
   * as Tink's factories check: a file whose two halves disagree is damaged or crafted, and which half a tool reads
   * would decide which key it uses.
   */
  private static void requireEmbeddedPublicKeyMatches(PrivateKeyInfo info, ECPublicKeyParameters derived, String source)
      throws IOException, InputRejectedException {
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    org.bouncycastle.asn1.ASN1BitString embedded = sec1.getPublicKey();
    if (embedded != null
        && !derived.getParameters().getCurve().decodePoint(embedded.getOctets()).normalize().equals(derived.getQ())) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID,
          source + ": the public key stored with the EC private key is not its public half; the file is damaged");
    }
  }

  /** A key read from a JWK: the public half always, the signing key when a private JWK was asked for. */
  private record Jwk(VerificationKey publicKey, SigningKey signingKey) {}

  private static Jwk fromJwk(byte[] data, String source, Optional<SignatureAlgorithm> algorithm, boolean wantPrivate)
      throws InputRejectedException {
    JsonObject json;
    try {
      // Our strict parser first: Nimbus would accept duplicate members, and the last one would silently win.
      json = (JsonObject) Json.parse(data);
    } catch (InputRejectedException | ClassCastException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is not a valid JWK: "
          + (e instanceof InputRejectedException r ? r.getMessage() : "not a JSON object"));
    }
    Optional<SignatureAlgorithm> fromAlg = Optional.empty();
    if (json.getOrNull("alg") instanceof JsonString alg) {
      fromAlg = Optional.of(jwkAlgorithm(alg.value(), source));
      if (algorithm.isPresent() && algorithm.get() != fromAlg.get()) {
        throw InputRejectedException.of(ErrorCode.KEY_MISMATCH, source + " is for " + alg.value() + ", not " + algorithm.get().id());
      }
    }
    Optional<SignatureAlgorithm> chosen = algorithm.isPresent() ? algorithm : fromAlg;
    try {
      JWK jwk = JWK.parse(new String(data, StandardCharsets.UTF_8));
      if (wantPrivate && !jwk.isPrivate()) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is a public JWK where a private key is expected");
      }
      if (!wantPrivate && jwk.isPrivate()) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " holds a private key where a public key is expected");
      }
      if (jwk instanceof OctetKeyPair okp) {
        if (!"Ed25519".equals(okp.getCurve().getName())) {
          throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": OKP keys must be Ed25519");
        }
        AlgorithmIdentifier ed = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
        PublicKey pub = publicKey(new SubjectPublicKeyInfo(ed, okp.getDecodedX()), source);
        if (!wantPrivate) {
          return new Jwk(bind(pub, chosen, source), null);
        }
        PrivateKeyInfo info = new PrivateKeyInfo(ed, new DEROctetString(okp.getDecodedD()));
        SigningKey k = signingKey(info, source, chosen);
        if (!k.verificationKey().key().equals(pub)) {
          throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": \"x\" is not the public key of \"d\"");
        }
        return new Jwk(k.verificationKey(), k);
      }
      PublicKey pub;
      PrivateKey priv = null;
      if (jwk instanceof ECKey ec) {
        pub = ec.toECPublicKey();
        priv = wantPrivate ? ec.toECPrivateKey() : null;
      } else if (jwk instanceof RSAKey rsa) {
        pub = rsa.toRSAPublicKey();
        priv = wantPrivate ? rsa.toRSAPrivateKey() : null;
      } else {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": unsupported JWK key type " + jwk.getKeyType());
      }
      VerificationKey vk = bind(pub, chosen, source);
      if (!wantPrivate) {
        return new Jwk(vk, null);
      }
      // The public members must be the public half of "d": derive it and compare, as for OKP keys.
      SigningKey derived = signingKey(PrivateKeyInfo.getInstance(priv.getEncoded()), source, chosen);
      if (!java.util.Arrays.equals(derived.verificationKey().key().getEncoded(), pub.getEncoded())) {
        throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + ": the JWK's public members do not match its private key");
      }
      return new Jwk(vk, derived);
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | IOException | RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, source + " is not a valid JWK: " + e.getMessage());
    }
  }

  private static SignatureAlgorithm jwkAlgorithm(String alg, String source) throws InputRejectedException {
    switch (alg) {
      case "EdDSA":
      case "Ed25519":
        return SignatureAlgorithm.ED25519;
      case "ES256":
        return SignatureAlgorithm.ECDSA_P256_SHA256;
      case "ES384":
        return SignatureAlgorithm.ECDSA_P384_SHA384;
      case "PS256":
        return SignatureAlgorithm.RSA_PSS_SHA256;
      case "RS256":
        return SignatureAlgorithm.RSA_PKCS1_SHA256;
      default:
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, source + ": unsupported JWK \"alg\" " + alg);
    }
  }

  private static byte[] pem(PemObject object) {
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory cannot fail", e);
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
