package dev.airid.capture;

import dev.airid.AiridException;
import dev.airid.ErrorCode;

/**
 * Provenance could not be produced for a run (the signer failed, for example), so the call was not made, or its
 * result is not handed out unattested. Unchecked, because the frameworks' chat interfaces declare no checked
 * exception; the cause is the typed airid error, and {@link #code()} its stable code.
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
