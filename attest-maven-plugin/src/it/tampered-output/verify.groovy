
def log = new File(basedir, 'build.log').text
assert log.contains('airid: FAILED  src/generated/RELEASE-NOTES.md — artifact.digest')
assert log.contains('airid: ok      src/generated/docs/faq.md')
assert log.contains('provenance check failed: 1 file(s) not verified')
return true
