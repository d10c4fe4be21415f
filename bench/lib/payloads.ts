/** The frames the simulated chargers send: schema-valid OCPP 1.6 requests, one transaction cycle at a time. */
export const CYCLE_ACTIONS = ['Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction'] as const;
export const METER_VALUES_PER_CYCLE = 3;
/** Authorize + StartTransaction + MeterValues ×3 + StopTransaction. */
export const MSGS_PER_CYCLE = 3 + METER_VALUES_PER_CYCLE;

export function boot(identity: string) {
  return { chargePointVendor: 'BenchVendor', chargePointModel: 'BenchModel', chargePointSerialNumber: identity.slice(-25), firmwareVersion: '1.0.0' };
}

export function authorize(idTag: string) {
  return { idTag };
}

export function startTransaction(idTag: string, meterStart: number) {
  return { connectorId: 1, idTag, meterStart, timestamp: new Date().toISOString() };
}

/** One meter value with four sampled values (energy, power, current, voltage), as a typical AC charger sends. */
export function meterValues(transactionId: number, energyWh: number) {
  return {
    connectorId: 1,
    transactionId,
    meterValue: [{
      timestamp: new Date().toISOString(),
      sampledValue: [
        { value: String(energyWh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh', location: 'Outlet' },
        { value: '7200', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W', location: 'Outlet' },
        { value: '31.3', context: 'Sample.Periodic', measurand: 'Current.Import', unit: 'A', phase: 'L1', location: 'Outlet' },
        { value: '230.1', context: 'Sample.Periodic', measurand: 'Voltage', unit: 'V', phase: 'L1-N', location: 'Outlet' },
      ],
    }],
  };
}

export function stopTransaction(transactionId: number, idTag: string, meterStop: number) {
  return { transactionId, idTag, meterStop, timestamp: new Date().toISOString(), reason: 'Local' };
}
