// Runs only where the third-party vectors sit beside the repository; .ci/run refuses to run without them.
def shared = new File(basedir, '../../../../../shared/external-vectors')
if (!shared.isDirectory()) {
  println "sigstore-conformance-bundle skipped: ${shared.canonicalPath} not found"
}
return shared.isDirectory()
