
def log = new File(basedir, 'build.log').text
assert log.contains('airid: ok      src/generated/RELEASE-NOTES.md')
assert !log.contains('it-passphrase-not-secret')
return true
