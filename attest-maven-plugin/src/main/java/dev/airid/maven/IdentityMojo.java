package dev.airid.maven;

import dev.airid.AiridException;
import dev.airid.declaration.Declaration;
import dev.airid.text.Printable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Computes the run identity of a declaration and exposes it as a project property for later steps; fails the build on
 * an invalid declaration, naming the rule broken and where.
 */
@Mojo(name = "identity", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class IdentityMojo extends AbstractMojo {

  /** The AI Run Declaration (JSON). */
  @Parameter(property = "airid.declaration", required = true)
  File declaration;

  /** The project property that receives the identity. */
  @Parameter(property = "airid.identityProperty", defaultValue = "airid.identity")
  String identityProperty;

  /** Skip this goal. */
  @Parameter(property = "airid.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("airid: identity skipped");
      return;
    }
    Declaration d = read(declaration);
    project.getProperties().setProperty(identityProperty, d.identity().toString());
    getLog().info("airid: " + declaration.getName() + " is run " + d.identity() + " (${" + identityProperty + "})");
  }

  static Declaration read(File file) throws MojoExecutionException, MojoFailureException {
    if (file == null) {
      throw new MojoExecutionException("set <declaration> to the run's declaration file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read declaration " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
    try {
      return Declaration.parse(bytes);
    } catch (AiridException e) {
      throw new MojoFailureException(Printable.escape("invalid declaration " + file + ": " + e.getMessage()));
    }
  }
}
