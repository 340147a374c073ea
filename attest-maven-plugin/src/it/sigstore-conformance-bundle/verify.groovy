
def log = new File(basedir, 'build.log').text
assert log =~ /airid: ok      .*a\.txt — Sigstore bundle bundle\.sigstore\.json verified/
assert log =~ /\[ERROR\] airid: FAILED  .*a\.txt — certificate\.identity: /
assert log.contains('BUILD SUCCESS')
return true
