package dev.airid.attest;

import dev.airid.OperationFailedException;
import dev.airid.sigstore.Bundle;

/**
 * Signs a DSSE payload and packs the signature with its verification material as a bundle: with a local key (the
 * key id as hint), or keylessly ({@code dev.airid.sigstore.KeylessSigner}: a Fulcio certificate and a Rekor entry).
 */
@FunctionalInterface
public interface BundleSigner {

  /** Signs {@code payload} of {@code payloadType} (the DSSE PAE of the two) and returns the bundle. */
  Bundle sign(String payloadType, byte[] payload) throws OperationFailedException;
}
