/** `npm start`'s check that Electron's sandbox can start on this Linux (scripts/electron-sandbox.ts), on made-up facts. */
import { describe, expect, it } from 'vitest';
import { sandboxFacts, sandboxProblem } from '../../../scripts/electron-sandbox.ts';

const helper = (uid: number, mode: number) => ({ path: '/p/node_modules/electron/dist/chrome-sandbox', uid, mode: 0o100000 | mode });

describe('Electron\'s sandbox on Linux', () => {
  it('stops with the fix when user namespaces are restricted and the SUID helper is not root 4755', () => {
    for (const h of [helper(1000, 0o755), helper(0, 0o755), helper(1000, 0o4755)]) {
      const message = sandboxProblem({ platform: 'linux', restrictUserns: '1\n', helper: h });
      expect(message).toContain(`sudo chown root:root '${h.path}' && sudo chmod 4755 '${h.path}'`);
      expect(message).not.toContain('--no-sandbox');
    }
  });

  it('lets Electron start otherwise', () => {
    expect(sandboxProblem({ platform: 'linux', restrictUserns: '1\n', helper: helper(0, 0o4755) })).toBeNull();
    expect(sandboxProblem({ platform: 'linux', restrictUserns: '0\n', helper: helper(1000, 0o755) })).toBeNull();
    expect(sandboxProblem({ platform: 'linux', restrictUserns: null, helper: helper(1000, 0o755) })).toBeNull();
    // No Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD): electron's own launcher says what is missing.
    expect(sandboxProblem({ platform: 'linux', restrictUserns: '1\n', helper: null })).toBeNull();
    expect(sandboxProblem({ platform: 'darwin', restrictUserns: null, helper: null })).toBeNull();
    expect(sandboxProblem({ platform: 'win32', restrictUserns: '1', helper: helper(1000, 0o755) })).toBeNull();
  });

  it('reads the facts of this machine without failing', () => {
    const f = sandboxFacts('/nonexistent-root');
    expect(f.platform).toBe(process.platform);
    expect(f.helper).toBeNull();
  });
});
