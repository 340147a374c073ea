
def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] airid: MISSING src/generated/RELEASE-NOTES.md')
assert log.contains('BUILD SUCCESS')
return true
