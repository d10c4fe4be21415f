/**
 * The command-line options of the core, picked out of Electron's argv (which may also carry Chromium and
 * Electron switches). Same flags as `npm run serve`.
 */
const VALUE_FLAGS = new Set(['--ocpp-port', '--ocpp-host', '--ui-port', '--ftp-port', '--ftp-pasv-ports', '--data-dir', '--token', '--open', '--tls-cert', '--tls-key', '--ocpps-port']);
const BOOL_FLAGS = new Set(['--strict', '--help']);

export function coreArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (BOOL_FLAGS.has(name)) out.push(arg);
    else if (VALUE_FLAGS.has(name)) {
      out.push(arg);
      if (!arg.includes('=') && argv[i + 1] !== undefined) out.push(argv[++i]!);
    }
  }
  return out;
}
