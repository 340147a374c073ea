// A private Sigstore instance on loopback, for tests: Fulcio (REST /api/v2/signingCert, with a CT log that embeds
// SCTs) and Rekor v1 (/api/v1/log/entries), served by the request handlers of @sigstore/mock, an implementation
// written independently of airid's client.
//
//   node sigstore-mock-server.mjs OUT_DIR [--lifetime SECONDS]
//
// Listens on a free 127.0.0.1 port and writes into OUT_DIR:
//   trusted_root.json          the instance's trust material (CAs, Rekor and CT log keys)
//   signing_config.json        a Sigstore signing config (v0.2) naming the instance's Fulcio and Rekor
//   stale_signing_config.json  the same, but Fulcio under /stale, whose CA clock runs an hour behind: it issues
//                              certificates that expired long before Rekor logs the entry
//   foreign_trusted_root.json  a trusted root of another instance (fresh keys), which must trust nothing from this one
// then prints "ready URL" on stdout and serves until stdin closes (so it dies with the test that started it), or, with
// --lifetime, until that many seconds have passed (for Maven integration tests, whose hook scripts cannot hold stdin).
import { createServer } from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import mock from '@sigstore/mock';
import { keyPair, signingConfig as config, trustedRoot as root } from './trust-material.mjs';

const { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } = mock;

const out = process.argv[2];
const lifetime = process.argv[3] === '--lifetime' ? Number(process.argv[4]) : undefined;
if (!out || (process.argv[3] !== undefined && !(lifetime > 0))) {
  console.error('usage: node sigstore-mock-server.mjs OUT_DIR [--lifetime SECONDS]');
  process.exit(2);
}

// Validity starts before anything this instance signs, so the logs and CAs are valid at every integrated time.
const since = new Date(Date.now() - 60_000).toISOString();

function write(name, value) {
  const tmp = join(out, `.${name}.tmp`);
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, join(out, name));
}

const server = createServer();
server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  const ctKeys = keyPair('prime256v1');
  const tlogKeys = keyPair('prime256v1');
  const caKeys = keyPair('secp384r1');
  const ctLog = await initializeCTLog(ctKeys);
  const fulcio = await initializeCA(caKeys, ctLog);
  const staleFulcio = await initializeCA(caKeys, ctLog, new Date(Date.now() - 3_600_000));
  // The log's checkpoint name is its host without the port, as clients (sigstore-java) derive it from the base URL.
  const tlog = await initializeTLog('http://127.0.0.1', tlogKeys);
  const routes = new Map([
    [fulcioHandler(fulcio).path, fulcioHandler(fulcio).fn],
    ['/stale' + fulcioHandler(staleFulcio).path, fulcioHandler(staleFulcio).fn],
    [rekorHandler(tlog).path, rekorHandler(tlog).fn],
  ]);
  server.on('request', (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const fn = req.method === 'POST' ? routes.get(req.url) : undefined;
      if (!fn) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route ${req.method} ${req.url}\n`);
        return;
      }
      const r = await fn(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(r.statusCode, { 'content-type': r.contentType || 'text/plain' }).end(r.response);
    });
  });

  write('trusted_root.json', root(url, [fulcio.rootCertificate, staleFulcio.rootCertificate],
    tlogKeys.publicKey, ctKeys.publicKey, since));
  write('signing_config.json', config(url, url, since));
  write('stale_signing_config.json', config(`${url}/stale`, url, since));
  const foreignCtLog = await initializeCTLog(keyPair('prime256v1'));
  const foreignCa = await initializeCA(keyPair('secp384r1'), foreignCtLog);
  write('foreign_trusted_root.json', root(url, [foreignCa.rootCertificate],
    keyPair('prime256v1').publicKey, keyPair('prime256v1').publicKey, since));
  console.log(`ready ${url}`);
});

if (lifetime) {
  setTimeout(() => process.exit(0), lifetime * 1000).unref();
} else {
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
