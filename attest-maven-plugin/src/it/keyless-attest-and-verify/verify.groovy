try {
  def airid = new File(basedir, 'target/airid')
  def run = new File(airid, 'keyless-attest-and-verify-1.0.run.bundle.json')
  def prov = new File(airid, 'keyless-attest-and-verify-1.0.airid.jsonl')
  assert run.isFile() && prov.isFile()
  assert run.text.contains('"certificate":{"rawBytes"') && run.text.contains('"kind":"hashedrekord"')
  assert !run.text.contains('"publicKey"')
  def log = new File(basedir, 'build.log').text
  assert log.contains('attested keylessly (token for https://ci.airid.test/maven-build from https://token.airid.test)')
  assert log.contains('airid: ok      src/generated/NOTES.md')
  assert log.contains('airid: 1 verified, 0 not verified, 0 without provenance, of 1 file(s)')
  // The second verify expects another identity: it reports, without failing the build (failOnUnverified=false).
  assert log.contains("airid: FAILED  src/generated/NOTES.md — certificate.identity: subject https://ci.airid.test/maven-build is not an expected identity")
  assert !log.contains('token.jwt') || !log.contains(new File(basedir, 'sigstore/token.jwt').text.trim())
  return true
} finally {
  System.properties.remove('airid.it.sigstore-mock.' + basedir.path)?.destroy()
}
