
def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] airid: MISSING src/generated/RELEASE-NOTES.md')
assert log.contains('2 file(s) without provenance')
return true
