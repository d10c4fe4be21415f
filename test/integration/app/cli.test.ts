import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { exitOf, runServe, startServe } from '../../support/spawn-serve.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'chargescope-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const base = () => ['--data-dir', tempDir(), '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0'];

async function failsWith(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const child = runServe(args, env);
  const { code } = await exitOf(child);
  expect(code).toBe(2);
  const err = child.err.join('');
  expect(err).toMatch(pattern);
  expect(err.trim().split('\n')).toHaveLength(1);
}

describe('command line', () => {
  test('prints the charger URL for each non-internal IPv4 address and the UI URL with its token', async () => {
    const s = await startServe([...base(), '--token', 'printed-token-1']);
    expect(s.stdout()).toMatch(/^Charger URL .*ws:\/\/\d+\.\d+\.\d+\.\d+:\d+\/ocpp\/$/m);
    expect(s.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=printed-token-1$/);
    const health = await fetch(`http://127.0.0.1:${s.uiPort}/api/health`).then((r) => r.json());
    expect(health).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    s.child.kill('SIGINT');
    expect((await s.exited).code).toBe(0);
  });

  test('the token comes from CHARGESCOPE_TOKEN and the data dir from CHARGESCOPE_DATA_DIR when no flag is given', async () => {
    const dir = tempDir();
    const s = await startServe(['--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0'], { CHARGESCOPE_TOKEN: 'env-token-12345', CHARGESCOPE_DATA_DIR: dir });
    expect(s.uiUrl).toContain('#token=env-token-12345');
    const info = await fetch(`http://127.0.0.1:${s.uiPort}/api/info`, { headers: { Authorization: 'Bearer env-token-12345' } }).then((r) => r.json());
    expect(info.dataDir).toBe(dir);
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
  });

  test('an unknown flag exits 2 with a one-line reason', () => failsWith([...base(), '--bogus'], /unknown option "--bogus"/));
  test('a bad port exits 2 and says what to fix', () => failsWith([...base(), '--ocpp-port', '99999'], /--ocpp-port must be a port number/));
  test('a flag without its value exits 2', () => failsWith(['--data-dir'], /--data-dir needs a value/));
  test('a bad passive port range exits 2', () => failsWith([...base(), '--ftp-pasv-ports', '3000'], /--ftp-pasv-ports must be a range/));

  test('a busy port exits 2 and names the port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await failsWith(['--data-dir', tempDir(), '--ocpp-port', String(port), '--ocpp-host', '127.0.0.1', '--ui-port', '0'], new RegExp(`port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  test('an unusable data dir exits 2', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await failsWith(['--data-dir', file, '--ocpp-port', '0', '--ui-port', '0'], /data dir .* is not usable/);
  });
});

describe('TLS (security profile 2)', () => {
  test('--tls-self-signed serves wss:// with a kept certificate, and a failed handshake is recorded', async () => {
    const dir = tempDir();
    const s = await startServe(['--data-dir', dir, '--ocpp-port', '0', '--ui-port', '0', '--ftp-port', '0', '--ocpp-host', '127.0.0.1', '--ocpps-port', '0', '--tls-self-signed', '--token', 'tls-token-12345']);
    const wss = /wss:\/\/[\d.]+:(\d+)\/ocpp\//.exec(s.stdout());
    expect(wss).not.toBeNull();
    const { default: WebSocket } = await import('ws');
    const { readFileSync } = await import('node:fs');
    const ca = readFileSync(join(dir, 'tls', 'chargescope-cert.pem'));
    const ok = new WebSocket(`wss://localhost:${wss![1]}/ocpp/tls-1`, ['ocpp1.6'], { ca });
    await new Promise((resolve, reject) => { ok.once('open', resolve); ok.once('error', reject); });
    ok.close();
    const untrusted = new WebSocket(`wss://localhost:${wss![1]}/ocpp/tls-2`, ['ocpp1.6']);
    await new Promise((resolve) => untrusted.once('error', resolve));
    const events = await (async () => {
      for (let i = 0; i < 100; i++) {
        const list = await fetch(`http://127.0.0.1:${s.uiPort}/api/connections`, { headers: { Authorization: 'Bearer tls-token-12345' } }).then((r) => r.json());
        if (list.some((e: any) => /TLS handshake failed/.test(e.reason))) return list;
        await new Promise((r) => setTimeout(r, 50));
      }
      return [];
    })();
    expect(events.some((e: any) => e.kind === 'refused' && /TLS handshake failed/.test(e.reason))).toBe(true);
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
  });
});

describe('npm run serve', () => {
  test('a signal sent to npm stops the server itself, cleanly', async () => {
    const { spawn } = await import('node:child_process');
    const { resolve } = await import('node:path');
    const npm = spawn('npm', ['run', '--ignore-scripts', '--silent', 'serve', '--', ...base(), '--token', 'npm-signal-token'], {
      cwd: resolve(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout!.on('data', (d) => (out += String(d)));
    const exited = exitOf(npm);
    for (let i = 0; i < 400 && !/UI: http:\/\/127\.0\.0\.1:(\d+)\//.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const port = /UI: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)![1];
    npm.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });
});
