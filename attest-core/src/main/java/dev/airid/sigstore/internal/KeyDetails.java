package dev.airid.sigstore.internal;

import dev.airid.InputRejectedException;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.Optional;

/** The names of {@code dev.sigstore.common.v1.PublicKeyDetails}: read and validated, never relied on. */
public final class KeyDetails {
  private static final java.util.Map<String, Integer> BY_NAME = java.util.Map.ofEntries(
      java.util.Map.entry("PUBLIC_KEY_DETAILS_UNSPECIFIED", 0), java.util.Map.entry("PKCS1_RSA_PKCS1V5", 1),
      java.util.Map.entry("PKCS1_RSA_PSS", 2), java.util.Map.entry("PKIX_RSA_PKCS1V5", 3), java.util.Map.entry("PKIX_RSA_PSS", 4),
      java.util.Map.entry("PKIX_ECDSA_P256_SHA_256", 5), java.util.Map.entry("PKIX_ECDSA_P256_HMAC_SHA_256", 6),
      java.util.Map.entry("PKIX_ED25519", 7), java.util.Map.entry("PKIX_ED25519_PH", 8),
      java.util.Map.entry("PKIX_RSA_PKCS1V15_2048_SHA256", 9), java.util.Map.entry("PKIX_RSA_PKCS1V15_3072_SHA256", 10),
      java.util.Map.entry("PKIX_RSA_PKCS1V15_4096_SHA256", 11), java.util.Map.entry("PKIX_ECDSA_P384_SHA_384", 12),
      java.util.Map.entry("PKIX_ECDSA_P521_SHA_512", 13), java.util.Map.entry("LMS_SHA256", 14),
      java.util.Map.entry("LMOTS_SHA256", 15), java.util.Map.entry("PKIX_RSA_PSS_2048_SHA256", 16),
      java.util.Map.entry("PKIX_RSA_PSS_3072_SHA256", 17), java.util.Map.entry("PKIX_RSA_PSS_4096_SHA256", 18),
      java.util.Map.entry("PKIX_ECDSA_P384_SHA_256", 19), java.util.Map.entry("PKIX_ECDSA_P521_SHA_256", 20),
      java.util.Map.entry("ML_DSA_65", 21), java.util.Map.entry("ML_DSA_87", 22), java.util.Map.entry("ML_DSA_44", 23));

  private KeyDetails() {}

  /** Checks the field as the mapping reads it (a known name, or any 32-bit number), for a key airid may not use. */
  public static void wellFormed(ProtoJson o, String field) throws InputRejectedException {
    o.enumWellFormed(field, BY_NAME.keySet());
  }

  /** The name of the key details value in {@code field} (default: unspecified); unknown values are refused. */
  public static String name(ProtoJson o, String field) throws InputRejectedException {
    Optional<JsonValue> v = o.raw(field);
    if (v.isEmpty()) {
      return "PUBLIC_KEY_DETAILS_UNSPECIFIED";
    }
    if (v.get() instanceof JsonString s) {
      if (!BY_NAME.containsKey(s.value())) {
        throw o.error(field, "unknown key details \"" + s.value() + "\"");
      }
      return s.value();
    }
    long n = o.uint32(field);
    return BY_NAME.entrySet().stream().filter(e -> e.getValue() == n).map(java.util.Map.Entry::getKey).findFirst()
        .orElseThrow(() -> o.error(field, "unknown key details " + n));
  }
}
