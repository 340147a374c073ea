
def log = new File(basedir, 'build.log').text
assert log.contains('airid: FAILED  src/generated/RELEASE-NOTES.md — envelope.signature')
return true
