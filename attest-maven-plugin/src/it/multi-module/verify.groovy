
def log = new File(basedir, 'build.log').text
assert log.contains('airid: ok      ../generator/src/generated/openapi.yaml — run airid:v1:sha256:')
assert log.contains('(generator-1.0.airid.jsonl)')
assert log =~ /airid: ok      .*generator-1.0.jar — dev.airid.it:generator is an output of run airid:v1:sha256:[0-9a-f]{64}/
assert log.contains('airid: 2 verified, 0 not verified, 0 without provenance, of 2 file(s)')
return true
