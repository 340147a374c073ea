package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.testing.Paths2;
import org.junit.jupiter.api.Test;

/** 'airid conformance verify-bundle' as the sigstore-conformance harness calls it, on its own assets. */
class ConformanceCliTest {

  static final String ID = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String ISSUER = "https://token.actions.githubusercontent.com";

  static String asset(String p) {
    return Paths2.externalVectors("sigstore-conformance/test/assets/bundle-verify/" + p).toString();
  }

  static String root() {
    return Paths2.externalVectors("sigstore-python/production/trusted_root.json").toString();
  }

  @Test
  void keylessBundles() {
    CliTest.Result ok = airid("conformance", "verify-bundle", "--bundle", asset("happy-path-v0.1/bundle.sigstore.json"),
        "--certificate-identity", ID, "--certificate-oidc-issuer", ISSUER, "--trusted-root", root(), asset("a.txt"));
    assertEquals(0, ok.code(), ok.stderr());
    CliTest.Result digest = airid("conformance", "verify-bundle", "--bundle", asset("happy-path-v0.1/bundle.sigstore.json"),
        "--certificate-identity", ID, "--certificate-oidc-issuer", ISSUER, "--trusted-root", root(),
        "sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");
    assertEquals(0, digest.code(), digest.stderr());
    CliTest.Result otherIdentity = airid("conformance", "verify-bundle", "--bundle", asset("happy-path-v0.1/bundle.sigstore.json"),
        "--certificate-identity", "https://example.com/someone-else", "--certificate-oidc-issuer", ISSUER, "--trusted-root", root(),
        asset("a.txt"));
    assertEquals(1, otherIdentity.code());
    assertTrue(otherIdentity.stderr().contains("FAIL certificate.identity"), otherIdentity.stderr());
    // A bad regular expression is a usage error (exit 2), not an internal one.
    CliTest.Result badRegexp = airid("conformance", "verify-bundle", "--bundle", asset("happy-path-v0.1/bundle.sigstore.json"),
        "--certificate-identity-regexp", "(", "--certificate-oidc-issuer", ISSUER, "--trusted-root", root(), asset("a.txt"));
    assertEquals(2, badRegexp.code(), badRegexp.stderr());
    assertTrue(badRegexp.stderr().contains("invalid identity regular expression"), badRegexp.stderr());
  }

  @Test
  void publicKeyBundles() {
    CliTest.Result ok = airid("conformance", "verify-bundle", "--bundle", asset("managed-key-happy-path/bundle.sigstore.json"),
        "--key", asset("managed-key-happy-path/key.pub"), "--trusted-root", root(), asset("a.txt"));
    assertEquals(0, ok.code(), ok.stderr());
    CliTest.Result wrong = airid("conformance", "verify-bundle", "--bundle", asset("managed-key-wrong-key_fail/bundle.sigstore.json"),
        "--key", asset("managed-key-wrong-key_fail/key.pub"), "--trusted-root", root(), asset("a.txt"));
    assertEquals(1, wrong.code());
    CliTest.Result noRoot = airid("conformance", "verify-bundle", "--bundle", asset("managed-key-happy-path/bundle.sigstore.json"),
        "--key", asset("managed-key-happy-path/key.pub"), asset("a.txt"));
    assertEquals(2, noRoot.code());
    assertTrue(noRoot.stderr().contains("--trusted-root"), noRoot.stderr());
  }

}
