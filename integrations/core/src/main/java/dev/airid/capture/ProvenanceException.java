package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.ErrorCode;

/**
 * Provenance could not be produced for a run (the signer failed, for example). Thrown by a call whose run attestation
 * cannot be signed (the call is then not made); by {@link RunCapture#flush()} and {@link RunCapture#close()} when an
 * output attestation could not be signed or the sink failed; and, with a synchronous capture, by a successful call
 * whose output cannot be bound. Unchecked, because the frameworks' chat interfaces declare no checked exception; the
 * cause is the underlying error, and {@link #code()} its stable code.
 */
public final class ProvenanceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  ProvenanceException(String message, AiridException cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.code = cause.code();
  }

  ProvenanceException(String message, ErrorCode code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable code of the underlying failure. */
  public ErrorCode code() {
    return code;
  }
}
