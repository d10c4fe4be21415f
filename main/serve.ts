/** The headless shell: `npm run serve -- [flags]`. Starts the core and serves the UI on 127.0.0.1. */
import { ConfigError, parseArgs, USAGE } from './app/config.ts';
import { createApp, type App } from './app/create-app.ts';

async function main(): Promise<void> {
  let app: App;
  try {
    const config = parseArgs(process.argv.slice(2));
    if (config === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    app = createApp(config);
    const started = await app.start();
    for (const url of started.chargerUrls) process.stdout.write(`Charger URL (add the charge point identity): ${url}\n`);
    process.stdout.write(`UI: ${started.uiUrl}\n`);
    for (const o of started.opened) {
      process.stdout.write(`Opened ${o.fileName} read-only as session ${o.sessionId} (${o.frames} frames${o.skippedLines ? `, ${o.skippedLines} lines skipped` : ''}${o.alreadyOpen ? ', already open' : ''})\n`);
    }
  } catch (err) {
    const message = err instanceof ConfigError || (err as { code?: string }).code === 'DB_TOO_NEW' ? (err as Error).message : `cannot start: ${(err as Error).message}`;
    process.stderr.write(`chargescope: ${message}\n`);
    process.exit(2);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    app.stop().then(() => process.exit(0), (err: Error) => {
      process.stderr.write(`chargescope: stop failed: ${err.message}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
