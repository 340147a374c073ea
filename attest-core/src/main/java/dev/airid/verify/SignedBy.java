package dev.airid.verify;

import java.util.List;
import java.util.Objects;

/** Who signed a bundle that verified: a trusted key, or a keyless identity its certificate names. */
public sealed interface SignedBy permits SignedBy.Key, SignedBy.Identity {

  /** For reports: {@code key <id> (<algorithm>)} or {@code <subject> (issuer <issuer>)}. */
  String describe();

  /**
   * A trusted public key.
   *
   * @param keyId the key id (lowercase hex SHA-256 of its SubjectPublicKeyInfo)
   * @param algorithm the signature algorithm, e.g. {@code ed25519}
   */
  record Key(String keyId, String algorithm) implements SignedBy {
    public Key {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(algorithm, "algorithm");
    }

    @Override
    public String describe() {
      return "key " + keyId + " (" + algorithm + ")";
    }
  }

  /**
   * A keyless signer: the identities (subject alternative names) and OIDC issuer of the signing certificate.
   *
   * @param subjects the certificate's identity SANs (email, URI or username)
   * @param issuer the OIDC issuer
   */
  record Identity(List<String> subjects, String issuer) implements SignedBy {
    public Identity {
      subjects = List.copyOf(subjects);
      Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public String describe() {
      return String.join(", ", subjects) + " (issuer " + issuer + ")";
    }
  }
}
