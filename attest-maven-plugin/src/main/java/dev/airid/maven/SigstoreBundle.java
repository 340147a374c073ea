package dev.airid.maven;

import java.io.File;

/**
 * A plain Sigstore bundle and the artifact it signs, for {@code airid:verify}'s {@code <sigstoreBundles>}:
 *
 * <pre>{@code
 * <sigstoreBundle><bundle>…/a.txt.sigstore.json</bundle><artifact>…/a.txt</artifact></sigstoreBundle>
 * }</pre>
 */
public class SigstoreBundle {

  /** The bundle (JSON). */
  File bundle;

  /** The artifact it signs. */
  File artifact;

  public void setBundle(File bundle) {
    this.bundle = bundle;
  }

  public void setArtifact(File artifact) {
    this.artifact = artifact;
  }
}
