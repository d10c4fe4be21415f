/**
 * `npm start` on Linux: will Chromium's sandbox start? On Ubuntu 23.10 and later (AppArmor restricts unprivileged
 * user namespaces: kernel.apparmor_restrict_unprivileged_userns = 1) the Electron in node_modules cannot use the
 * namespace sandbox, falls back to its SUID helper chrome-sandbox, which npm installed as the user's and without
 * the SUID bit, and dies with SIGTRAP before any window ("The SUID sandbox helper binary was found, but is not
 * configured correctly"). This says so before `electron .` runs, with the commands that fix it. ChargeScope never
 * turns the sandbox off (--no-sandbox): its window shows data from chargers nobody here controls.
 * The .deb installer is not affected: electron-builder's post-install installs an AppArmor profile for the app.
 *
 *   node --import tsx scripts/electron-sandbox.ts
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SandboxFacts {
  platform: NodeJS.Platform;
  /** The content of /proc/sys/kernel/apparmor_restrict_unprivileged_userns, or null when there is no such file. */
  restrictUserns: string | null;
  /** node_modules/electron/dist/chrome-sandbox and its owner and mode, or null when absent. */
  helper: { path: string; uid: number; mode: number } | null;
}

/** null when Electron's sandbox can start; else what to do, in a few lines. */
export function sandboxProblem(f: SandboxFacts): string | null {
  if (f.platform !== 'linux' || f.restrictUserns?.trim() !== '1' || f.helper === null) return null;
  const suidRoot = f.helper.uid === 0 && (f.helper.mode & 0o4000) !== 0;
  if (suidRoot) return null;
  const p = f.helper.path;
  return [
    'Electron cannot start its sandbox here: this Linux restricts unprivileged user namespaces (AppArmor,',
    'kernel.apparmor_restrict_unprivileged_userns = 1, Ubuntu 23.10 and later), so Chromium needs its SUID helper,',
    `and ${p} is not owned by root with mode 4755. Fix it once (again after each npm install of electron):`,
    '',
    `  sudo chown root:root '${p}' && sudo chmod 4755 '${p}'`,
    '',
    'or allow user namespaces for this binary with an AppArmor profile (https://ubuntu.com/blog/ubuntu-23-10-restricted-unprivileged-user-namespaces).',
    'The installed app (the .deb from npm run dist) brings its own AppArmor profile and needs neither.',
  ].join('\n');
}

export function sandboxFacts(root: string): SandboxFacts {
  const restrictFile = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
  const path = join(root, 'node_modules', 'electron', 'dist', 'chrome-sandbox');
  let helper: SandboxFacts['helper'] = null;
  if (process.platform === 'linux' && existsSync(path)) {
    const st = statSync(path);
    helper = { path, uid: st.uid, mode: st.mode };
  }
  return { platform: process.platform, restrictUserns: process.platform === 'linux' && existsSync(restrictFile) ? readFileSync(restrictFile, 'utf8') : null, helper };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problem = sandboxProblem(sandboxFacts(resolve(dirname(fileURLToPath(import.meta.url)), '..')));
  if (problem) {
    process.stderr.write(`chargescope: ${problem}\n`);
    process.exit(1);
  }
}
