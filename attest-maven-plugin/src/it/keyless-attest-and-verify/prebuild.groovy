// Starts a private Sigstore instance (test-vectors/verifier-js/sigstore-mock-server.mjs: @sigstore/mock's Fulcio and
// Rekor on a free loopback port) for this build, and writes an identity token for it. verify.groovy stops it; the
// server also exits by itself after ten minutes.
def dir = new File(basedir, 'sigstore')
dir.mkdirs()
def js = new File(verifierJs)
assert new File(js, 'node_modules/@sigstore/mock').isDirectory() : "run 'npm ci' in ${js} (the attest-cli build does)"
def p = new ProcessBuilder('node', 'sigstore-mock-server.mjs', dir.path, '--lifetime', '600')
    .directory(js).redirectErrorStream(true).start()
def line = new BufferedReader(new InputStreamReader(p.inputStream)).readLine()
assert line != null && line.startsWith('ready ') : "the Sigstore mock did not start: ${line}"
System.properties.put('airid.it.sigstore-mock.' + basedir.path, p)   // keeps it reachable for verify.groovy
// The mock Fulcio decodes the token without checking its signature; a real Fulcio would verify it with the issuer.
def b64 = { String s -> Base64.urlEncoder.withoutPadding().encodeToString(s.getBytes('UTF-8')) }
def claims = '{"iss":"https://token.airid.test","sub":"https://ci.airid.test/maven-build","aud":"sigstore"}'
new File(dir, 'token.jwt').text = b64('{"alg":"ES256","typ":"JWT"}') + '.' + b64(claims) + '.' + b64('not-checked-by-the-mock')
return true
