package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.internal.AtomicFile;
import dev.airid.json.JsonObject;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a signing key pair: PREFIX.key (private, mode 0600) and PREFIX.pub (public).",
      "The public key is SPKI PEM.",
      "With a passphrase (--passphrase-env VAR, or typed at the prompt) the private key is encrypted (PKCS#8 PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC); otherwise it is written in the clear, with a warning."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class KeygenCommand extends BaseCommand {

  enum Algorithm {
    ED25519("ed25519", "ed25519", KeyType.ED25519),
    ECDSA_P256("ecdsa-p256", "ecdsa-p256-sha256", KeyType.ECDSA_P256),
    ECDSA_P384("ecdsa-p384", "ecdsa-p384-sha384", KeyType.ECDSA_P384),
    RSA_3072("rsa-3072", "rsa-pss-sha256", KeyType.RSA);

    final String id;
    /** The signature algorithm's name, as --key-algorithm and reports spell it; accepted here too. */
    final String signatureId;
    final KeyType type;

    Algorithm(String id, String signatureId, KeyType type) {
      this.id = id;
      this.signatureId = signatureId;
      this.type = type;
    }

    @Override
    public String toString() {
      return id;
    }
  }

  @Option(names = {"-a", "--algorithm"}, paramLabel = "ALG", defaultValue = "ed25519", converter = AlgorithmConverter.class,
      description = "ed25519 (default), ecdsa-p256, ecdsa-p384 or rsa-3072 (RSA-PSS); the signature algorithm names "
          + "ecdsa-p256-sha256, ecdsa-p384-sha384 and rsa-pss-sha256 are accepted too.")
  Algorithm algorithm;

  @Option(names = {"-o", "--out"}, paramLabel = "PREFIX", required = true,
      description = "Write PREFIX.key and PREFIX.pub.")
  String prefix;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "Encrypt the private key with the passphrase in environment variable VAR. Default: AIRID_PASSPHRASE if it is set, else a prompt.")
  String passphraseEnv;

  @Option(names = "--force", description = "Overwrite existing key files.")
  boolean force;

  static final class AlgorithmConverter implements picocli.CommandLine.ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String value) {
      return Arrays.stream(Algorithm.values()).filter(a -> a.id.equals(value) || a.signatureId.equals(value)).findFirst()
          .orElseThrow(() -> new picocli.CommandLine.TypeConversionException(
              "unknown algorithm '" + value + "'; use ed25519, ecdsa-p256, ecdsa-p384 or rsa-3072"));
    }
  }

  @Override
  int run() throws AiridException {
    Path keyFile = Path.of(prefix + ".key");
    Path pubFile = Path.of(prefix + ".pub");
    if (!force) {
      for (Path p : new Path[] {keyFile, pubFile}) {
        if (Files.exists(p)) {
          throw InputRejectedException.of(ErrorCode.OUTPUT_EXISTS, p + " exists; use --force to overwrite it");
        }
      }
    }
    char[] passphrase = passphraseEnv != null ? Passphrases.fromEnv(io.env, passphraseEnv) : Passphrases.fromDefault(io.env);
    if (passphrase == null) {
      passphrase = Passphrases.prompt("Passphrase to encrypt " + keyFile + " (empty for none): ");
      if (passphrase != null && passphrase.length > 0) {
        char[] again = Passphrases.prompt("Repeat the passphrase: ");
        if (again == null || !Arrays.equals(passphrase, again)) {
          throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE, "the passphrases do not match");
        }
        Arrays.fill(again, '\0');
      }
    }
    SigningKey key = KeyFiles.generate(algorithm.type);
    byte[] privatePem;
    try {
      privatePem = KeyFiles.privatePem(key, passphrase);
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
    boolean encrypted = KeyFiles.isEncrypted(privatePem);
    AtomicFile.write(keyFile, privatePem, force, true);
    AtomicFile.write(pubFile, KeyFiles.publicPem(key.verificationKey()), force, false);
    if (!encrypted) {
      io.err.println("airid: warning: " + keyFile + " is not encrypted; protect it, or use --passphrase-env VAR");
    }
    if (json) {
      printJson(ExitCode.OK, JsonObject.builder().put("privateKey", keyFile.toString()).put("publicKey", pubFile.toString())
          .put("algorithm", key.algorithm().id()).put("keyId", key.keyId()).put("encrypted", encrypted).build());
    } else {
      io.out.println("wrote " + keyFile + " and " + pubFile + " (" + key.algorithm().id() + ", key id " + key.keyId() + ")");
    }
    return ExitCode.OK;
  }
}
