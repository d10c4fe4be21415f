/**
 * A simulated charger for the commissioning tests: an ocpp-rpc client in strictMode that answers the CSMS as a
 * well-behaved OCPP 1.6 charger does, or breaks exactly one behaviour (`fault`). It shares the engine's Timers so
 * its heartbeats, reservations and reboots run on the same (scaled) clock.
 */
import { RPCClient } from 'ocpp-rpc';
import type { Timers } from '../../main/commissioning/timers.ts';

export type Fault = 'ignoresAvailability' | 'wrongHeartbeat' | 'neverReboots' | 'rejectsWritable' | 'staleListVersion';

export interface SimOptions { url: string; identity: string; timers: Timers; fault?: Fault; connectors?: number }

const CORE = {
  AuthorizeRemoteTxRequests: 'false', ClockAlignedDataInterval: '0', ConnectionTimeOut: '60', ConnectorPhaseRotation: 'RST',
  GetConfigurationMaxKeys: '50', HeartbeatInterval: '60', LocalAuthorizeOffline: 'true', LocalPreAuthorize: 'false',
  MeterValuesAlignedData: 'Energy.Active.Import.Register', MeterValuesSampledData: 'Energy.Active.Import.Register,Current.Import',
  MeterValueSampleInterval: '10', ResetRetries: '1', StopTransactionOnEVSideDisconnect: 'true', StopTransactionOnInvalidId: 'true',
  StopTxnAlignedData: '', StopTxnSampledData: '', TransactionMessageAttempts: '3', TransactionMessageRetryInterval: '30',
  UnlockConnectorOnEVSideDisconnect: 'true', LocalAuthListEnabled: 'true', LocalAuthListMaxLength: '100', SendLocalListMaxLength: '50',
  ChargeProfileMaxStackLevel: '3', ChargingScheduleAllowedChargingRateUnit: 'Current', ChargingScheduleMaxPeriods: '10', MaxChargingProfilesInstalled: '5',
};
const READONLY = new Set(['NumberOfConnectors', 'SupportedFeatureProfiles', 'GetConfigurationMaxKeys', 'ChargeProfileMaxStackLevel']);

export class SimCharger {
  client!: RPCClient;
  readonly config = new Map<string, string>();
  readonly statuses = new Map<number, string>();
  listVersion = 0;
  boots = 0;
  private hb = new AbortController();
  private readonly profiles = new Set<number>();
  private readonly reservations = new Map<number, { connectorId: number; timer: AbortController }>();
  private tx: { id: number; connectorId: number } | null = null;
  private stopped = false;

  constructor(private readonly o: SimOptions) {
    const n = o.connectors ?? 2;
    for (const [k, v] of Object.entries(CORE)) this.config.set(k, v);
    this.config.set('NumberOfConnectors', String(n));
    this.config.set('SupportedFeatureProfiles', 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger');
    for (let c = 1; c <= n; c++) this.statuses.set(c, 'Available');
  }

  private iso(): string {
    return new Date(this.o.timers.now()).toISOString();
  }

  async start(): Promise<void> {
    this.client = new RPCClient({ endpoint: this.o.url, identity: this.o.identity, protocols: ['ocpp1.6'], strictMode: true, reconnect: false, callTimeoutMs: 10_000 } as never);
    this.register();
    await this.client.connect();
    this.boots++;
    await this.client.call('BootNotification', { chargePointVendor: 'SimVendor', chargePointModel: 'SimModel', chargePointSerialNumber: 'SIM-0001', firmwareVersion: '1.2.3' });
    for (const [c, s] of this.statuses) await this.status(c, s);
    this.heartbeats();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.hb.abort();
    for (const r of this.reservations.values()) r.timer.abort();
    await this.client.close({ force: true }).catch(() => undefined);
  }

  status(connectorId: number, status: string): Promise<unknown> {
    if (connectorId > 0) this.statuses.set(connectorId, status);
    return this.client.call('StatusNotification', { connectorId, status, errorCode: 'NoError', timestamp: this.iso() });
  }

  /** A vehicle is plugged in. */
  plug(connectorId: number): Promise<unknown> {
    return this.status(connectorId, 'Preparing');
  }

  private heartbeats(): void {
    this.hb.abort();
    const hb = new AbortController();
    this.hb = hb;
    const interval = Number(this.config.get('HeartbeatInterval')) * 1000;
    const every = this.o.fault === 'wrongHeartbeat' ? interval / 3 : interval;
    const loop = async () => {
      for (let i = 0; i < 10_000 && !hb.signal.aborted; i++) {
        await this.o.timers.sleep(every, hb.signal);
        await this.client.call('Heartbeat', {});
      }
    };
    loop().catch(() => undefined);
  }

  private async reboot(): Promise<void> {
    this.hb.abort();
    await this.client.close({ force: true }).catch(() => undefined);
    if (this.stopped) return;
    for (const c of this.statuses.keys()) this.statuses.set(c, 'Available');
    await this.start();
  }

  private meterValues(connectorId: number, transactionId?: number): Promise<unknown> {
    return this.client.call('MeterValues', {
      connectorId, ...(transactionId !== undefined ? { transactionId } : {}),
      meterValue: [{ timestamp: this.iso(), sampledValue: [{ value: '1000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    });
  }

  private register(): void {
    // ocpp-rpc's handler type wants a promise of a loose record: typed handlers here, one cast at registration.
    const c = this.client as unknown as { handle(action: string, fn: (call: { params: any }) => unknown): void };
    const later = (fn: () => Promise<unknown>) => setImmediate(() => void fn().catch(() => undefined));
    c.handle('GetConfiguration', ({ params }: { params: { key?: string[] } }) => {
      const keys = params.key?.length ? params.key : [...this.config.keys()];
      return {
        configurationKey: keys.filter((k) => this.config.has(k)).map((k) => ({ key: k, readonly: READONLY.has(k), value: this.config.get(k) })),
        unknownKey: keys.filter((k) => !this.config.has(k)),
      };
    });
    c.handle('ChangeConfiguration', ({ params }: { params: { key: string; value: string } }) => {
      if (!this.config.has(params.key)) return { status: 'NotSupported' };
      if (READONLY.has(params.key)) return { status: 'Rejected' };
      if (this.o.fault === 'rejectsWritable') return { status: 'Rejected' };
      if (/Interval$/.test(params.key) && !/^\d+$/.test(params.value)) return { status: 'Rejected' };
      this.config.set(params.key, params.value);
      if (params.key === 'HeartbeatInterval') this.heartbeats();
      return { status: 'Accepted' };
    });
    c.handle('ChangeAvailability', ({ params }: { params: { connectorId: number; type: string } }) => {
      if (this.o.fault !== 'ignoresAvailability') {
        const to = params.type === 'Inoperative' ? 'Unavailable' : 'Available';
        const list = params.connectorId === 0 ? [...this.statuses.keys()] : [params.connectorId];
        later(async () => {
          for (const k of list) await this.status(k, to);
        });
      }
      return { status: 'Accepted' };
    });
    c.handle('TriggerMessage', ({ params }: { params: { requestedMessage: string; connectorId?: number } }) => {
      const n = this.statuses.size;
      if (params.connectorId !== undefined && (params.connectorId < 0 || params.connectorId > n)) return { status: 'Rejected' };
      const k = params.connectorId ?? 1;
      const send: Record<string, () => Promise<unknown>> = {
        BootNotification: () => this.client.call('BootNotification', { chargePointVendor: 'SimVendor', chargePointModel: 'SimModel', chargePointSerialNumber: 'SIM-0001', firmwareVersion: '1.2.3' }),
        Heartbeat: () => this.client.call('Heartbeat', {}),
        StatusNotification: () => this.status(k, this.statuses.get(k) ?? 'Available'),
        MeterValues: () => this.meterValues(k),
        DiagnosticsStatusNotification: () => this.client.call('DiagnosticsStatusNotification', { status: 'Idle' }),
        FirmwareStatusNotification: () => this.client.call('FirmwareStatusNotification', { status: 'Idle' }),
      };
      const fn = send[params.requestedMessage];
      if (!fn) return { status: 'NotImplemented' };
      later(fn);
      return { status: 'Accepted' };
    });
    c.handle('RemoteStartTransaction', ({ params }: { params: { connectorId?: number; idTag: string } }) => {
      const k = params.connectorId ?? 1;
      later(async () => {
        const res = await this.client.call('StartTransaction', { connectorId: k, idTag: params.idTag, meterStart: 0, timestamp: this.iso() }) as { transactionId: number };
        this.tx = { id: res.transactionId, connectorId: k };
        await this.status(k, 'Charging');
        for (let i = 0; i < 3; i++) {
          await this.client.call('MeterValues', {
            connectorId: k, transactionId: res.transactionId,
            meterValue: [{
              timestamp: new Date(this.o.timers.now() + i * 10_000).toISOString(), sampledValue: [
                { value: String(500 * i), measurand: 'Energy.Active.Import.Register', unit: 'Wh', context: 'Sample.Periodic' },
                { value: String(7000 + 500 * i), measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
                { value: String(10 + i), measurand: 'Current.Import', unit: 'A', phase: 'L1', context: 'Sample.Periodic' },
              ],
            }],
          });
        }
      });
      return { status: 'Accepted' };
    });
    c.handle('RemoteStopTransaction', ({ params }: { params: { transactionId: number } }) => {
      if (!this.tx || this.tx.id !== params.transactionId) return { status: 'Rejected' };
      const tx = this.tx;
      this.tx = null;
      later(async () => {
        await this.client.call('StopTransaction', { transactionId: tx.id, meterStop: 1500, timestamp: this.iso(), reason: 'Remote' });
        await this.status(tx.connectorId, 'Finishing');
      });
      return { status: 'Accepted' };
    });
    c.handle('UnlockConnector', ({ params }: { params: { connectorId: number } }) => ({ status: params.connectorId <= this.statuses.size ? 'Unlocked' : 'NotSupported' }));
    c.handle('Reset', () => {
      if (this.o.fault !== 'neverReboots') later(() => this.reboot());
      return { status: 'Accepted' };
    });
    c.handle('GetLocalListVersion', () => ({ listVersion: this.listVersion }));
    c.handle('SendLocalList', ({ params }: { params: { listVersion: number } }) => {
      if (this.o.fault !== 'staleListVersion') this.listVersion = params.listVersion;
      return { status: 'Accepted' };
    });
    c.handle('ReserveNow', ({ params }: { params: { connectorId: number; expiryDate: string; reservationId: number } }) => {
      if (this.statuses.get(params.connectorId) !== 'Available') return { status: 'Occupied' };
      const timer = new AbortController();
      this.reservations.set(params.reservationId, { connectorId: params.connectorId, timer });
      later(() => this.status(params.connectorId, 'Reserved'));
      this.o.timers.sleep(Date.parse(params.expiryDate) - this.o.timers.now(), timer.signal).then(() => {
        this.reservations.delete(params.reservationId);
        return this.status(params.connectorId, 'Available');
      }, () => undefined).catch(() => undefined);
      return { status: 'Accepted' };
    });
    c.handle('CancelReservation', ({ params }: { params: { reservationId: number } }) => {
      const r = this.reservations.get(params.reservationId);
      if (!r) return { status: 'Rejected' };
      r.timer.abort();
      this.reservations.delete(params.reservationId);
      later(() => this.status(r.connectorId, 'Available'));
      return { status: 'Accepted' };
    });
    c.handle('SetChargingProfile', ({ params }: { params: { csChargingProfiles: { chargingProfileId: number } } }) => {
      this.profiles.add(params.csChargingProfiles.chargingProfileId);
      return { status: 'Accepted' };
    });
    c.handle('ClearChargingProfile', ({ params }: { params: { id?: number } }) => {
      if (params.id !== undefined) return { status: this.profiles.delete(params.id) ? 'Accepted' : 'Unknown' };
      this.profiles.clear();
      return { status: 'Accepted' };
    });
    c.handle('GetCompositeSchedule', ({ params }: { params: { connectorId: number; duration: number } }) => ({
      status: 'Accepted', connectorId: params.connectorId, scheduleStart: this.iso(),
      chargingSchedule: { duration: params.duration, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: this.profiles.size ? 6 : 32 }] },
    }));
    c.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));
    c.handle('GetDiagnostics', ({ params }: { params: { location: string } }) => {
      later(async () => {
        await this.client.call('DiagnosticsStatusNotification', { status: 'Uploading' });
        const res = await fetch(`${params.location}diag.txt`, { method: 'PUT', body: 'simulated diagnostics\n' });
        await this.client.call('DiagnosticsStatusNotification', { status: res.ok ? 'Uploaded' : 'UploadFailed' });
      });
      return { fileName: 'diag.txt' };
    });
    c.handle('ClearCache', () => ({ status: 'Accepted' }));
  }
}
