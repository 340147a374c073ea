package dev.airid.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle JCA provider instance airid uses, for what only the provider offers (PBES2 key encryption, CMS
 * timestamps); never added to the JVM's provider list (no global state). Constructing it registers some 300 classes,
 * so it is built on first use of this class: refer to {@link #PROVIDER} where it is needed, never from a static field
 * of a class that every command loads. Signatures do not use it (see dev.airid.keys.BouncyCastleEngine).
 */
public final class BouncyCastle {

  public static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
