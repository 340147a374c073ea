
def airid = new File(basedir, 'target/airid')
def run = new File(airid, 'attest-and-verify-1.0.run.bundle.json')
def prov = new File(airid, 'attest-and-verify-1.0.airid.jsonl')
assert run.isFile() && prov.isFile()
assert prov.readLines().findAll { it.trim() }.size() == 2
assert new File(basedir, 'src/generated/docs/faq.md.airid.jsonl').isFile()
def log = new File(basedir, 'build.log').text
assert log =~ /identity=airid:v1:sha256:[0-9a-f]{64}/
assert log.contains('airid: ok      src/generated/RELEASE-NOTES.md')
assert log.contains('airid: 2 verified, 0 not verified, 0 without provenance, of 2 file(s)')
def repo = new File(localRepositoryPath, 'dev/airid/it/attest-and-verify/1.0')
assert new File(repo, 'attest-and-verify-1.0-airid.jsonl').isFile()
assert new File(repo, 'attest-and-verify-1.0-airid-run.json').isFile()
return true
