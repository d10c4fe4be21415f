import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';

/**
 * Starts one of this folder's worker entries (`name` without extension) as it is: compiled (.js, the Electron build)
 * directly; as TypeScript (npm run serve, vitest) with tsx's loader registered inside the worker first, since a
 * worker does not inherit the loader hooks. `transferList` moves what workerData holds that cannot be copied (ports).
 */
export function startWorker(name: string, workerData: unknown, resourceLimits: ResourceLimits, transferList: readonly Transferable[] = []): Worker {
  const here = import.meta.url;
  const options = { workerData, resourceLimits, transferList: [...transferList] };
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options);
  const entry = new URL(`./${name}.ts`, here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true, execArgv: withoutTsx(process.execArgv) });
}

/** The parent's flags (a profiler's, say) without its tsx loader, which the boot code registers instead. */
function withoutTsx(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^--(?:import|require|loader|experimental-loader)$/.test(a) && /^tsx(?:\/|$)/.test(argv[i + 1] ?? '')) i++;
    else if (!/^--(?:import|require|loader|experimental-loader)=tsx(?:\/|$)/.test(a)) out.push(a);
  }
  return out;
}
