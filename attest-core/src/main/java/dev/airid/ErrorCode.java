package dev.airid;

/**
 * Stable error codes. The names are part of the public contract: they appear in CLI output, in JSON reports and in the
 * language-neutral test vectors, and are never renamed. New codes may be added.
 */
public enum ErrorCode {
  // --- JSON (RFC 8259 + I-JSON, RFC 7493) ---------------------------------------------------------------------------
  /** The text is not JSON: unexpected character, unterminated string, bad escape, NaN/Infinity, empty input. */
  JSON_SYNTAX("not well-formed JSON"),
  /** Something follows the single top-level value. */
  JSON_TRAILING_DATA("data after the JSON value"),
  /** The input starts with a UTF-8 byte order mark. */
  JSON_BOM("byte order mark"),
  /** The bytes are not well-formed UTF-8 (including overlong forms and encoded surrogates). */
  JSON_INVALID_UTF8("invalid UTF-8"),
  /** A {@code \\u} escape yields a lone (unpaired) UTF-16 surrogate. */
  JSON_LONE_SURROGATE("lone surrogate"),
  /** An object has two members with the same name. */
  JSON_DUPLICATE_KEY("duplicate member name"),
  /** An integer literal lies outside ±(2^53−1); such values must be written as strings. */
  JSON_INTEGER_OUT_OF_RANGE("integer outside ±(2^53−1)"),
  /** A number overflows an IEEE 754 double, or a non-zero literal underflows to zero. */
  JSON_NUMBER_OUT_OF_RANGE("number outside the range of a double"),
  /** Nesting deeper than the configured maximum. */
  JSON_TOO_DEEP("nesting too deep"),
  /** The input, or one of its tokens, is larger than the configured maximum. */
  JSON_TOO_LARGE("input too large"),

  // --- AI Run Declaration (spec/ai-run-declaration.md) --------------------------------------------------------------
  /** The top-level value is not an object. */
  DECL_NOT_OBJECT("declaration is not a JSON object"),
  /** {@code _type} is missing or is not the declaration type URI. */
  DECL_TYPE("missing or unknown _type"),
  /** A top-level member is not defined by the specification. */
  DECL_UNKNOWN_MEMBER("unknown top-level member"),
  /** {@code model} is missing, is not an object, or has no non-empty {@code name}; or a model field is ill-typed. */
  DECL_INVALID_MODEL("invalid model"),
  /** A defined member has the wrong JSON type or shape. */
  DECL_INVALID_MEMBER("invalid member"),
  /** A {@code parents} entry is not a well-formed run identity, or is listed twice. */
  DECL_INVALID_PARENT("invalid parent identity"),
  /** An extension name is neither a reverse-DNS name nor an absolute URI. */
  DECL_INVALID_EXTENSION_NAME("invalid extension name"),
  /** An object has both a string {@code content} and a {@code contentDigest}. */
  DECL_CONTENT_CONFLICT("content and contentDigest together"),
  /** A {@code contentDigest} is not {@code {"sha256": "<64 lowercase hex>"}}. */
  DECL_INVALID_CONTENT_DIGEST("invalid contentDigest"),

  // --- identities, pointers, arguments ------------------------------------------------------------------------------
  /** A string is not a well-formed run identity {@code airid:v1:sha256:<64 lowercase hex>}. */
  INVALID_IDENTITY("malformed run identity"),
  /** A JSON Pointer is malformed or does not resolve. */
  INVALID_POINTER("invalid JSON pointer"),
  /** A file or argument named by the user does not exist or cannot be read. */
  INPUT_NOT_FOUND("input not found"),
  /**
   * A file is readable but of another kind than the command reads (a Sigstore bundle given to {@code airid id}, a
   * declaration given as a bundle); the message names what it is and the command that reads it.
   */
  INPUT_WRONG_KIND("not the kind of file the command reads"),
  /** An output file exists and overwriting was not asked for. */
  OUTPUT_EXISTS("output file exists"),
  /** A command-line argument or option is invalid. */
  USAGE("invalid usage"),

  // --- keys ---------------------------------------------------------------------------------------------------------
  /** A key file is not a PEM or JWK key airid can read, or is damaged. */
  KEY_INVALID("unreadable key"),
  /** The key's algorithm, curve or size is not supported (see spec/attestations.md, Keys). */
  KEY_UNSUPPORTED("unsupported key"),
  /** The key does not fit the algorithm it is used with (e.g. a P-256 key for ECDSA P-384). */
  KEY_MISMATCH("key does not match the algorithm"),
  /** An encrypted private key needs a passphrase, or the passphrase is wrong. */
  KEY_PASSPHRASE("missing or wrong passphrase"),

  // --- envelopes, statements, bundles -------------------------------------------------------------------------------
  /** A DSSE envelope is malformed (members, base64, signatures). */
  ENVELOPE_INVALID("malformed DSSE envelope"),
  /** A Sigstore bundle is malformed or of an unsupported media type or version. */
  BUNDLE_INVALID("malformed or unsupported bundle"),
  /** An in-toto Statement is malformed. */
  STATEMENT_INVALID("malformed in-toto Statement"),
  /** A provenance file (.airid.jsonl) is malformed: empty, a bad line, or too many lines. */
  PROVENANCE_INVALID("malformed provenance file"),
  /** A Sigstore trusted root is malformed, or one of its logs or authorities is unusable. */
  TRUSTED_ROOT_INVALID("invalid trusted root"),
  /** A verifier's trust policy is inconsistent: no signer, one key listed twice, a threshold out of range. */
  TRUST_POLICY_INVALID("invalid trust policy"),

  // --- policies -----------------------------------------------------------------------------------------------------
  /** A policy file is malformed: bad structure, a rule that does not compile, an unknown field. */
  POLICY_INVALID("invalid policy"),
  /** A policy rejected a run before it was executed (its declaration broke a rule); the run was not made. */
  POLICY_REJECTED("run rejected by policy"),

  // --- keyless signing ----------------------------------------------------------------------------------------------
  /** A Sigstore signing config is malformed or names no usable Fulcio or Rekor. */
  SIGNING_CONFIG_INVALID("invalid signing config"),
  /** No OIDC identity token could be found, or it is not a JWT with an issuer and subject. */
  IDENTITY_TOKEN("missing or malformed identity token"),

  // --- operation failures -------------------------------------------------------------------------------------------
  /** Reading or writing a file failed. */
  IO_ERROR("I/O error"),
  /** A Sigstore service (Fulcio, Rekor) could not be reached, refused the request, or answered with something unusable. */
  SERVICE_FAILED("a Sigstore service failed"),
  /** The platform lacks a required algorithm or provider. */
  CRYPTO_UNAVAILABLE("cryptographic algorithm unavailable");

  private final String summary;

  ErrorCode(String summary) {
    this.summary = summary;
  }

  /** A short human summary of the code, for help texts and documentation. */
  public String summary() {
    return summary;
  }
}
