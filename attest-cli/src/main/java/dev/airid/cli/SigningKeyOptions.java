package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;

import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --key} and {@code --passphrase-env}, shared by the signing commands. */
final class SigningKeyOptions {

  @Option(names = {"-k", "--key"}, paramLabel = "KEY", required = true,
      description = "Private key: PEM (PKCS#8, possibly encrypted) or JWK, e.g. from 'airid keygen'.")
  String key;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "Read the key's passphrase from environment variable VAR (otherwise you are prompted).")
  String passphraseEnv;

  SigningKey load(Io io) throws AiridException {
    byte[] data = io.read(key, KeyFiles.MAX_KEY_FILE_BYTES);
    boolean encrypted = KeyFiles.isEncrypted(data);
    char[] passphrase = encrypted ? Passphrases.forReading(passphraseEnv, key) : null;
    if (encrypted && passphrase == null) {
      throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE,
          key + " is encrypted; give its passphrase with --passphrase-env VAR (there is no terminal to prompt on)");
    }
    try {
      return KeyFiles.readPrivate(data, key, passphrase, Optional.empty());
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }
}
