
def log = new File(basedir, 'build.log').text
assert log.contains('airid: ok      ../generator/src/generated/openapi.yaml — run airid:v1:sha256:')
assert log.contains('(generator-1.0.airid.jsonl)')
return true
