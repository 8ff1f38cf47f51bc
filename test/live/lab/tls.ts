// A throwaway self-signed certificate for 127.0.0.1, made with Debian's openssl.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SelfSigned {
  dir: string;
  certPath: string;
  keyPath: string;
  cert: string;
}

export function selfSignedCert(): SelfSigned {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-ws-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (r.error || r.status !== 0) {
    throw new Error(`lab: openssl could not make a test certificate (is Debian's openssl installed?): ${r.error?.message ?? r.stderr}`);
  }
  return { dir, certPath, keyPath, cert: fs.readFileSync(certPath, 'utf8') };
}
