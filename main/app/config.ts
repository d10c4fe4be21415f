import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Config {
  ocppPort: number;
  ocppHost: string;
  uiPort: number;
  ftpPort: number;
  ftpPasvPorts: [number, number];
  dataDir: string;
  token: string;
  open: string | null;
  tlsCert: string | null;
  tlsKey: string | null;
  /** PEM file of the CA that signs charger certificates (security profile 3): the TLS port asks for one. */
  tlsCa: string | null;
  /** Serve wss:// with a self-signed certificate made once and kept in the data dir. */
  tlsSelfSigned: boolean;
  ocppsPort: number;
  strict: boolean | null;
  /** Where the built UI is served from. */
  staticDir: string;
}

/** A bad flag, port or folder: the message says what to fix; the shell exits 2. */
export class ConfigError extends Error {
  readonly code = 'CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const USAGE = `usage: npm run serve -- [--ocpp-port 8887] [--ocpp-host 0.0.0.0] [--ui-port 8180] [--ftp-port 2121]
       [--ftp-pasv-ports 30000-30049] [--data-dir DIR] [--token T] [--open FILE] [--strict]
       [--tls-cert FILE --tls-key FILE | --tls-self-signed] [--tls-ca FILE] [--ocpps-port 8443]`;

const VALUE_FLAGS = new Set(['--ocpp-port', '--ocpp-host', '--ui-port', '--ftp-port', '--ftp-pasv-ports', '--data-dir', '--token', '--open', '--tls-cert', '--tls-key', '--tls-ca', '--ocpps-port']);
const BOOL_FLAGS = new Set(['--strict', '--help', '--tls-self-signed']);

function port(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ConfigError(`${flag} must be a port number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(value)}`);
  return Number(value);
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'ChargeScope');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ChargeScope');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'ChargeScope');
}

/** Flags, then environment, then defaults → a validated Config. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, staticDir = resolve('dist/renderer')): Config | 'help' {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOL_FLAGS.has(name)) {
      flags.set(name, 'true');
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new ConfigError(`unknown option ${JSON.stringify(arg)}: run npm run serve -- --help for the options`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new ConfigError(`${name} needs a value: ${name} VALUE or ${name}=VALUE`);
    flags.set(name, value);
  }
  if (flags.has('--help')) return 'help';
  const pasv = flags.get('--ftp-pasv-ports') ?? '30000-30049';
  const m = /^(\d+)-(\d+)$/.exec(pasv);
  if (!m) throw new ConfigError(`--ftp-pasv-ports must be a range like 30000-30049, got ${JSON.stringify(pasv)}`);
  const pasvPorts: [number, number] = [port('--ftp-pasv-ports', m[1]!), port('--ftp-pasv-ports', m[2]!)];
  if (pasvPorts[0] > pasvPorts[1] || pasvPorts[0] === 0) throw new ConfigError('--ftp-pasv-ports must be LOW-HIGH with 0 < LOW <= HIGH');
  const token = flags.get('--token') ?? env['CHARGESCOPE_TOKEN'] ?? randomBytes(18).toString('base64url');
  if (!/^[A-Za-z0-9._~-]{8,128}$/.test(token)) throw new ConfigError('--token must be 8 to 128 characters of A-Z a-z 0-9 . _ ~ -');
  const tlsCert = flags.get('--tls-cert') ?? null;
  const tlsKey = flags.get('--tls-key') ?? null;
  if ((tlsCert === null) !== (tlsKey === null)) throw new ConfigError('--tls-cert and --tls-key go together: give both files (PEM)');
  if (tlsCert !== null && flags.has('--tls-self-signed')) throw new ConfigError('give either --tls-cert/--tls-key or --tls-self-signed, not both');
  const tlsCa = flags.get('--tls-ca') ?? null;
  if (tlsCa !== null && tlsCert === null && !flags.has('--tls-self-signed')) throw new ConfigError('--tls-ca needs a TLS port: give --tls-cert/--tls-key or --tls-self-signed too');
  const host = flags.get('--ocpp-host') ?? '0.0.0.0';
  if (!/^[0-9a-fA-F.:]+$|^localhost$/.test(host)) throw new ConfigError(`--ocpp-host must be an IP address to bind, got ${JSON.stringify(host)}`);
  return {
    ocppPort: port('--ocpp-port', flags.get('--ocpp-port') ?? '8887'),
    ocppHost: host,
    uiPort: port('--ui-port', flags.get('--ui-port') ?? '8180'),
    ftpPort: port('--ftp-port', flags.get('--ftp-port') ?? '2121'),
    ftpPasvPorts: pasvPorts,
    dataDir: resolve(flags.get('--data-dir') ?? env['CHARGESCOPE_DATA_DIR'] ?? defaultDataDir(env)),
    token,
    open: flags.get('--open') ?? null,
    tlsCert,
    tlsKey,
    tlsCa,
    tlsSelfSigned: flags.has('--tls-self-signed'),
    ocppsPort: port('--ocpps-port', flags.get('--ocpps-port') ?? '8443'),
    strict: flags.has('--strict') ? true : null,
    staticDir,
  };
}
