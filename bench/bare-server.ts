/**
 * The baseline peer of BENCH.md: a bare ocpp-rpc RPCServer giving the same replies as ChargeScope and storing
 * nothing. Runs as its own child process (forked by bench/run.ts); reports its port over IPC.
 * The upper bound of a Node WebSocket stack and the non-durable reference for every throughput figure.
 */
import { RPCServer } from 'ocpp-rpc';

let transactionId = 0;
const now = () => new Date().toISOString();

// strictMode off: ChargeScope validates every frame, but the reference is the bare stack.
// The server pings every 30 s, as ChargeScope does.
const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: false, pingIntervalMs: 30_000 } as never);
server.on('client', (client) => {
  client.handle('BootNotification', () => ({ status: 'Accepted', currentTime: now(), interval: 60 }));
  client.handle('Heartbeat', () => ({ currentTime: now() }));
  client.handle('Authorize', () => ({ idTagInfo: { status: 'Accepted' } }));
  client.handle('StartTransaction', () => ({ transactionId: ++transactionId, idTagInfo: { status: 'Accepted' } }));
  client.handle('MeterValues', () => ({}));
  client.handle('StatusNotification', () => ({}));
  client.handle('StopTransaction', ({ params }: { params?: { idTag?: string } }) => (params?.idTag === undefined ? {} : { idTagInfo: { status: 'Accepted' } }));
});

const http = await server.listen(0, '127.0.0.1');
const port = (http.address() as { port: number }).port;
process.send?.({ type: 'listening', port });
process.stdout.write(`bare ocpp-rpc server: ws://127.0.0.1:${port}/ocpp/\n`);
const stop = () => {
  void server.close({ force: true }).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
