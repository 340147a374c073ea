package dev.airid.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle provider instance airid uses; never added to the JVM's provider list (no global state). */
public final class BouncyCastle {

  public static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
