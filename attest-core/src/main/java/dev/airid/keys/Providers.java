package dev.airid.keys;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One private Bouncy Castle provider instance; never added to the JVM's provider list (no global state). */
final class Providers {

  static final Provider BC = new BouncyCastleProvider();

  private Providers() {}
}
