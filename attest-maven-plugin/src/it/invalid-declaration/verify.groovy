
def log = new File(basedir, 'build.log').text
assert log.contains('invalid declaration')
assert log.contains('DECL_UNKNOWN_MEMBER: unknown top-level member "outputs"')
assert !log.contains('at dev.airid')
return true
