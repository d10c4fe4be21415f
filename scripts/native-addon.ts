/**
 * What a compiled better-sqlite3 addon was built for, read from the file itself without loading it (loading one
 * of another ABI is exactly the crash this avoids), and whether that fits the runtime that is about to load it.
 * Pure functions: scripts/ensure-native.ts does the I/O, test/unit/scripts/native-addon.test.ts drives these.
 */
import type { AddonTarget } from '../main/electron/native-addon.ts';

export interface AddonInfo {
  /** NODE_MODULE_VERSION from the addon's `node_register_module_v<N>` export; null when none or several. */
  abi: string | null;
  platform: NodeJS.Platform | null;
  arch: string | null;
}

/** What `npm start` records beside the Electron build, so that a new better-sqlite3 or Electron gets a new one. */
export interface ElectronBuildStamp {
  module: 'better-sqlite3';
  moduleVersion: string;
  electronVersion: string;
  abi: string;
  platform: NodeJS.Platform;
  arch: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const REGISTER = Buffer.from('node_register_module_v', 'latin1');
/** Bounds the scan: an addon is a few MB; anything far bigger is not one. */
const MAX_SCAN = 64 << 20;

function abiOf(bytes: Buffer): string | null {
  const found = new Set<string>();
  let at = bytes.indexOf(REGISTER);
  for (let i = 0; at >= 0 && i < 64; i++) {
    let end = at + REGISTER.length;
    while (end < bytes.length && end - at < REGISTER.length + 6 && bytes[end]! >= 0x30 && bytes[end]! <= 0x39) end++;
    if (end > at + REGISTER.length) found.add(bytes.toString('latin1', at + REGISTER.length, end));
    at = bytes.indexOf(REGISTER, end);
  }
  return found.size === 1 ? [...found][0]! : null;
}

const ELF_MACHINES: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' };
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

function formatOf(b: Buffer): Pick<AddonInfo, 'platform' | 'arch'> {
  if (b.length >= 20 && b.readUInt32BE(0) === 0x7f454c46) {
    const machine = b[5] === 2 ? b.readUInt16BE(18) : b.readUInt16LE(18);
    return { platform: 'linux', arch: ELF_MACHINES[machine] ?? null };
  }
  if (b.length >= 8 && b.readUInt32LE(0) === 0xfeedfacf) return { platform: 'darwin', arch: MACHO_CPUS[b.readUInt32LE(4)] ?? null };
  if (b.length >= 8 && b.readUInt32BE(0) === 0xcafebabe) return { platform: 'darwin', arch: 'universal' };
  if (b.length >= 0x40 && b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 6 <= b.length && b.toString('latin1', pe, pe + 4) === 'PE\0\0') return { platform: 'win32', arch: PE_MACHINES[b.readUInt16LE(pe + 4)] ?? null };
    return { platform: 'win32', arch: null };
  }
  return { platform: null, arch: null };
}

/** Reads the ABI, platform and CPU an addon was built for. */
export function readAddonInfo(bytes: Uint8Array): AddonInfo {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, MAX_SCAN));
  return { abi: abiOf(b), ...formatOf(b) };
}

/** Whether an addon (null: no file) can be loaded by the runtime `want` describes; else why not. */
export function checkAddon(info: AddonInfo | null, want: AddonTarget): Verdict {
  if (info === null) return { ok: false, reason: 'it is not built' };
  if (info.platform !== null && info.platform !== want.platform) return { ok: false, reason: `it is built for ${info.platform}, this is ${want.platform}` };
  if (info.arch !== null && info.arch !== 'universal' && info.arch !== want.arch) return { ok: false, reason: `it is built for ${info.arch} CPUs, this is ${want.arch}` };
  if (info.abi === null) return { ok: false, reason: 'its NODE_MODULE_VERSION cannot be read (not a Node addon, or a damaged one)' };
  if (info.abi !== want.abi) return { ok: false, reason: `it is built for NODE_MODULE_VERSION ${info.abi}, this runtime needs ${want.abi}` };
  return { ok: true };
}

/** The Electron build fits when the addon fits Electron's ABI and it was made from the better-sqlite3 and Electron installed now. */
export function checkElectronBuild(info: AddonInfo | null, stamp: ElectronBuildStamp | null, want: Omit<ElectronBuildStamp, 'module'>): Verdict {
  const addon = checkAddon(info, want);
  if (!addon.ok) return addon;
  if (stamp === null) return { ok: false, reason: 'it has no build record (out of an older or interrupted build)' };
  if (stamp.moduleVersion !== want.moduleVersion) return { ok: false, reason: `it is better-sqlite3 ${stamp.moduleVersion}, node_modules has ${want.moduleVersion}` };
  if (stamp.electronVersion !== want.electronVersion) return { ok: false, reason: `it was built for Electron ${stamp.electronVersion}, node_modules has ${want.electronVersion}` };
  return { ok: true };
}
