import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** Deletes a file; a file that is already gone is fine. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

/** Deletes a file as cleanup (after a failure, or a file replaced); a failure here is only warned about. */
export async function removeFileBestEffort(path: string): Promise<void> {
  await removeFile(path).catch((err: unknown) => {
    process.emitWarning(`ChargeScope could not delete ${path}: ${(err as Error).message}`);
  });
}

/** Paths of `*.part` files anywhere below `dir` (two levels: `dir/x.part`, `dir/sub/x.part`). */
export async function findPartFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, depth: number) => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory() && depth > 0) await walk(p, depth - 1);
      else if (e.isFile() && e.name.endsWith('.part')) out.push(p);
    }
  };
  await walk(dir, 1);
  return out;
}
