import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError } from './config.ts';

export interface TlsMaterial { cert: Buffer; key: Buffer; certFile: string | null }

/** The certificate and key given with --tls-cert/--tls-key. */
export function readTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  try {
    return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile };
  } catch (err) {
    throw new ConfigError(`cannot read the TLS certificate or key: ${(err as Error).message}`);
  }
}

/**
 * A self-signed certificate for wss:// (security profile 2), made once and kept in the data dir so that a
 * charger that was told to trust it keeps trusting it. RSA 2048 with SHA-256 (OCTT TC_086), subject CN =
 * this host's name, with every local IPv4 address and localhost as subject alternative names.
 */
export async function selfSignedTls(dataDir: string, ips: string[]): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'chargescope-cert.pem');
  const keyFile = join(dir, 'chargescope-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) return readTlsFiles(certFile, keyFile);
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 5);
  const pems = await generate([{ name: 'commonName', value: hostname() }, { name: 'organizationName', value: 'ChargeScope' }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256', notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 2, value: hostname() }, ...ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { cert: Buffer.from(pems.cert), key: Buffer.from(pems.private), certFile };
}

/** The CA of charger certificates (--tls-ca), PEM; refused at start when it is not readable or holds no certificate. */
export function readTlsCa(file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (err) {
    throw new ConfigError(`cannot read --tls-ca ${file}: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`--tls-ca ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return pem;
}
