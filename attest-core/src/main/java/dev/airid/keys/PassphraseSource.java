package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.io.Console;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the passphrase of an encrypted private key comes from, asked only when a key is encrypted. Never a
 * command-line argument, which other users of the machine can read in the process list. The caller of {@link
 * #passphrase} owns the array and wipes it.
 *
 * <p>Messages never repeat what was given to name the source: a common slip is to pass the passphrase where the name
 * of its environment variable belongs.
 */
@FunctionalInterface
public interface PassphraseSource {

  /**
   * The passphrase for {@code keyName} (a file name, for prompts), or empty if this source has none.
   *
   * @throws InputRejectedException {@link ErrorCode#KEY_PASSPHRASE} if the source was asked for but cannot give one
   */
  Optional<char[]> passphrase(String keyName) throws InputRejectedException;

  /** No passphrase: only unencrypted keys can be read. */
  static PassphraseSource none() {
    return keyName -> Optional.empty();
  }

  /** A passphrase held by the caller (copied; wipe yours after the read). */
  static PassphraseSource of(char[] passphrase) {
    char[] copy = passphrase.clone();
    return keyName -> Optional.of(copy.clone());
  }

  /**
   * The value of environment variable {@code variable} in {@code env}; unset or empty is an error that does not name
   * the variable, since the name given may itself be a passphrase typed in the wrong place.
   */
  static PassphraseSource environment(Map<String, String> env, String variable) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(variable, "variable");
    return keyName -> {
      String v = env.get(variable);
      if (v == null || v.isEmpty()) {
        throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE, keyName + " is encrypted, and the environment variable "
            + "named for its passphrase is not set or empty (give the variable's name, not the passphrase)");
      }
      return Optional.of(v.toCharArray());
    };
  }

  /** A prompt on the terminal; empty when there is none (in a pipeline). */
  static PassphraseSource console() {
    return keyName -> {
      Console c = System.console();
      return c == null ? Optional.empty() : Optional.ofNullable(c.readPassword("Passphrase for %s: ", keyName));
    };
  }

  /** This source, or {@code other} when this one has nothing. */
  default PassphraseSource orElse(PassphraseSource other) {
    return keyName -> {
      Optional<char[]> p = passphrase(keyName);
      return p.isPresent() ? p : other.passphrase(keyName);
    };
  }
}
