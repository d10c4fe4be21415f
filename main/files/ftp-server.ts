import type { EventEmitter } from 'node:events';
import type { AddressInfo, Server, Socket } from 'node:net';
import { FtpSrv, type FtpConnection } from 'ftp-srv';
import { FileError } from './errors.ts';
import type { FirmwareLibrary } from './firmware-library.ts';
import { DiagnosticsFs, FirmwareFs, type TransferFsDeps } from './ftp-fs.ts';
import { unmapIPv4 } from './names.ts';
import type { TransferRegistry } from './transfers.ts';

export interface FtpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Passive data ports, inclusive; [0, 0] lets the system pick any free port. */
  pasvPorts: readonly [number, number];
  registry: TransferRegistry;
  firmware: FirmwareLibrary;
  onError: (err: Error, context: string) => void;
  /** A connection that has not logged in by then is closed (default FTP_LOGIN_TIMEOUT_MS). */
  loginTimeoutMs?: number;
  /** A control connection with no command and no data transfer for this long is closed (default FTP_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
}

/** Unauthenticated FTP connections: closed after 30 s without a successful login. */
export const FTP_LOGIN_TIMEOUT_MS = 30_000;
/** Idle FTP control connections (no command, no data transfer running): closed after 5 minutes. */
export const FTP_IDLE_TIMEOUT_MS = 5 * 60_000;

/** The parts of ftp-srv its typings leave out. */
interface ServerInternals {
  server: Server;
}
interface ConnectionInternals {
  commandSocket: Socket;
  authenticated?: boolean;
  connector?: { dataSocket?: Socket | null };
}

/**
 * Timeouts of one control connection, kept by us: ftp-srv's own `timeout` closes a control connection that is
 * idle while its data connection carries a long upload. Ours closes one that never logs in, and one with no
 * command and no data transfer running for `idleMs`.
 */
function guardConnection(connection: FtpConnection, loginMs: number, idleMs: number): void {
  const c = connection as unknown as ConnectionInternals;
  const socket = c.commandSocket;
  const close = (why: string) => void (connection.close as unknown as (code: number, message: string) => Promise<unknown>)(421, why).catch(() => socket.destroy());
  const login = setTimeout(() => {
    if (!c.authenticated) close(`No login within ${Math.round(loginMs / 1000)} s, closing`);
  }, loginMs);
  let idle: NodeJS.Timeout;
  const transferring = () => {
    const d = c.connector?.dataSocket;
    return !!d && !d.destroyed;
  };
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => (transferring() ? arm() : close(`Idle for ${Math.round(idleMs / 1000)} s, closing`)), idleMs);
  };
  arm();
  socket.on('data', arm);
  socket.once('close', () => {
    clearTimeout(login);
    clearTimeout(idle);
  });
}

const FIRMWARE_BLACKLIST = ['STOR', 'STOU', 'APPE', 'DELE', 'MKD', 'XMKD', 'RMD', 'XRMD', 'RNFR', 'RNTO', 'SITE'];
const DIAGNOSTICS_BLACKLIST = ['RETR', 'STOU', 'APPE', 'DELE', 'MKD', 'XMKD', 'RMD', 'XRMD', 'RNFR', 'RNTO', 'SITE'];
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const QUIET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** ftp-srv wants a bunyan logger; it logs every command at error level when a client misbehaves. */
const quietLog = {
  child: () => quietLog,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/** An ftp-srv whose constructor's process-wide signal handlers (they call process.exit) are taken off again. */
function newFtpSrv(options: ConstructorParameters<typeof FtpSrv>[0]): FtpSrv {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const srv = new FtpSrv(options);
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  }
  return srv;
}

/**
 * The embedded FTP server: one login per transfer (its random user and password), a virtual file system
 * limited to that transfer, and passive mode that announces the address the client reached us at.
 */
export function createFtpServer(opts: FtpServerOptions) {
  let srv: FtpSrv | null = null;
  let boundPort: number | null = null;
  /** Live control connections by the client's address, newest last. */
  const byRemote = new Map<string, { connection: FtpConnection; local: string }[]>();

  /**
   * PASV must announce an IPv4 address: the one at which the client reached us (its control connection's
   * local address). ftp-srv calls pasv_url with the client's address only, not the connection, so this
   * finds the client's newest connection; `pinPasvAddress` makes it exact per connection.
   */
  const pasvAddress = (remoteIp: string): string => {
    const local = byRemote.get(unmapIPv4(remoteIp))?.at(-1)?.local;
    if (local === undefined || !IPV4.test(local)) {
      throw Object.assign(new Error('PASV needs an IPv4 control connection; use EPSV'), { code: 425 });
    }
    return local;
  };

  /**
   * One client may hold connections to two of our addresses at once (two URLs, two interfaces); pasv_url
   * cannot tell them apart, so each connection's 227 reply is set to that connection's own local address.
   */
  const pinPasvAddress = (connection: FtpConnection, local: string) => {
    if (!IPV4.test(local)) return;
    const reply = connection.reply.bind(connection);
    connection.reply = (options: number | object, ...letters: unknown[]) => {
      if (options === 227 && typeof letters[0] === 'string') {
        letters[0] = letters[0].replace(/\(\d+,\d+,\d+,\d+,(\d+,\d+)\)/, `(${local.replace(/\./g, ',')},$1)`);
      }
      return reply(options, ...letters);
    };
  };

  const login = (data: { connection: FtpConnection; username: string; password: string }) => {
    const secret = `${data.username}:${data.password}`;
    const access = opts.registry.lookup('ftp', secret);
    if (!access) throw new Error('Login incorrect');
    if (!access.ok) throw new Error('Login incorrect: this transfer has expired');
    const record = access.record;
    const deps: TransferFsDeps = {
      registry: opts.registry,
      transferId: record.id,
      checkAccess: () => {
        const again = opts.registry.lookup('ftp', secret);
        if (!again?.ok) throw new Error('This transfer has expired');
      },
    };
    if (record.kind === 'firmware') {
      const fw = record.firmwareId === null ? null : opts.firmware.get(record.firmwareId);
      const path = fw ? opts.firmware.pathOf(fw.id) : null;
      if (!fw || !path) throw new Error('Login incorrect: the firmware image of this transfer was deleted');
      return { fs: new FirmwareFs(data.connection, { ...deps, firmware: fw, path }), blacklist: FIRMWARE_BLACKLIST };
    }
    return { fs: new DiagnosticsFs(data.connection, deps), blacklist: DIAGNOSTICS_BLACKLIST };
  };

  return {
    /** The bound port, null while stopped. */
    get port(): number | null {
      return boundPort;
    },

    async start(): Promise<number> {
      if (srv) return boundPort!;
      const [pasvMin, pasvMax] = opts.pasvPorts;
      const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      const server = newFtpSrv({
        url: `ftp://${urlHost}:${opts.port}`,
        pasv_min: pasvMin,
        pasv_max: pasvMax,
        // Typed as a string, but ftp-srv 4.6 calls a function with the client's address (pasv.js).
        pasv_url: pasvAddress as unknown as string,
        anonymous: false,
        greeting: 'ChargeScope file transfers',
        log: quietLog,
        timeout: 0, // ftp-srv's timeout would cut a control connection idle during a long upload: guardConnection instead
      });
      const events = server as unknown as EventEmitter; // 'connect' and 'server-error' are not in the typings
      events.on('connect', ({ connection }: { connection: FtpConnection }) => {
        const socket = (connection as unknown as ConnectionInternals).commandSocket;
        guardConnection(connection, opts.loginTimeoutMs ?? FTP_LOGIN_TIMEOUT_MS, opts.idleTimeoutMs ?? FTP_IDLE_TIMEOUT_MS);
        const remote = unmapIPv4(socket.remoteAddress ?? '');
        const entry = { connection, local: unmapIPv4(socket.localAddress ?? '') };
        pinPasvAddress(connection, entry.local);
        byRemote.set(remote, [...(byRemote.get(remote) ?? []), entry]);
        socket.once('close', () => {
          const rest = (byRemote.get(remote) ?? []).filter((e) => e !== entry);
          if (rest.length > 0) byRemote.set(remote, rest);
          else byRemote.delete(remote);
        });
      });
      server.on('login', (data, resolve, reject) => {
        try {
          resolve(login(data));
        } catch (err) {
          reject(err as Error);
        }
      });
      server.on('client-error', ({ error, context }) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (!code || !QUIET_ERRORS.has(code)) opts.onError(error, `ftp ${context}`);
      });
      events.on('server-error', ({ error }: { error: Error }) => opts.onError(error, 'ftp server'));
      try {
        await server.listen();
      } catch (err) {
        await server.close();
        throw new FileError('LISTEN', `cannot listen for FTP on ${opts.host}:${opts.port} (${(err as Error).message}); choose another --ftp-port`, { cause: err });
      }
      srv = server;
      boundPort = ((server as unknown as ServerInternals).server.address() as AddressInfo).port;
      return boundPort;
    },

    async stop(): Promise<void> {
      const server = srv;
      srv = null;
      boundPort = null;
      if (server) await server.close();
      byRemote.clear();
    },
  };
}
