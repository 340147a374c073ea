package dev.airid.verify;

/**
 * The stable names of verification checks, as reports, JSON output and tests use them. Their order and meaning are
 * specified in spec/attestations.md §5.2 (every bundle), spec/keyless.md §4 (signer evidence) and spec/policy.md §5.1
 * (policy checks, plus {@code policy.rule.<name>} for each rule). Names are never renamed; new ones may be added.
 */
public final class CheckNames {

  private CheckNames() {}

  // --- reading a bundle -------------------------------------------------------------------------------------------
  public static final String BUNDLE_JSON = "bundle.json";
  public static final String BUNDLE_MEDIA_TYPE = "bundle.mediaType";
  public static final String BUNDLE_CONTENT = "bundle.content";
  public static final String ENVELOPE_SHAPE = "envelope.shape";
  public static final String ENVELOPE_PAYLOAD_TYPE = "envelope.payloadType";

  // --- the signer and its evidence --------------------------------------------------------------------------------
  public static final String ENVELOPE_SIGNATURE = "envelope.signature";
  public static final String MESSAGE_DIGEST = "message.digest";
  public static final String MESSAGE_SIGNATURE = "message.signature";
  public static final String TIMESTAMP_RFC3161 = "timestamp.rfc3161";
  public static final String TLOG_ENTRIES = "tlog.entries";
  public static final String TLOG_BODY = "tlog.body";
  public static final String TLOG_LOG = "tlog.log";
  public static final String TLOG_EVIDENCE = "tlog.evidence";
  public static final String TLOG_SET = "tlog.set";
  public static final String TLOG_INCLUSION = "tlog.inclusion";
  public static final String TLOG_CHECKPOINT = "tlog.checkpoint";
  public static final String CERTIFICATE_VALIDITY = "certificate.validity";
  public static final String CERTIFICATE_CHAIN = "certificate.chain";
  public static final String CERTIFICATE_SCT = "certificate.sct";
  public static final String CERTIFICATE_IDENTITY = "certificate.identity";
  public static final String CERTIFICATE_ISSUER = "certificate.issuer";

  // --- the statement ----------------------------------------------------------------------------------------------
  public static final String STATEMENT_JSON = "statement.json";
  public static final String STATEMENT_SHAPE = "statement.shape";
  public static final String STATEMENT_TYPE = "statement.type";
  public static final String STATEMENT_PREDICATE_TYPE = "statement.predicateType";
  /** A plain Sigstore DSSE bundle: the artifact is a subject of the statement. */
  public static final String STATEMENT_SUBJECT = "statement.subject";

  // --- airid predicates -------------------------------------------------------------------------------------------
  public static final String DECLARATION_VALID = "declaration.valid";
  public static final String DECLARATION_SUBJECT = "declaration.subject";
  public static final String OUTPUT_PREDICATE = "output.predicate";

  // --- a provenance file as a whole -------------------------------------------------------------------------------
  public static final String PROVENANCE_BUNDLES = "provenance.bundles";
  public static final String PROVENANCE_DECLARATION = "provenance.declaration";
  public static final String PROVENANCE_ORDER = "provenance.order";
  public static final String OUTPUT_RUN = "output.run";
  public static final String OUTPUT_DECLARATION_DIGEST = "output.declarationDigest";
  public static final String ARTIFACT_DIGEST = "artifact.digest";

  // --- verdicts ---------------------------------------------------------------------------------------------------
  /**
   * Added by {@link Verdict}, not by the {@link Verifier}, when an artifact was matched to an output of an airid run:
   * the run succeeded, as its output attestation records, or its other status was accepted by the caller.
   */
  public static final String RUN_STATUS = "run.status";

  // --- policy (spec/policy.md §5.1) -------------------------------------------------------------------------------
  public static final String POLICY = "policy";
  public static final String POLICY_RULE_PREFIX = "policy.rule.";
  public static final String POLICY_ALLOW_REDACTED = "policy.allowRedacted";
  public static final String POLICY_MAX_AGE = "policy.maxAge";
  public static final String POLICY_PREDICATE_TYPES = "policy.predicateTypes";
}
