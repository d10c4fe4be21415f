/** Live readings per connector (issue 13, item 9): what a running transaction's charger last measured. */

export interface ConnectorReading {
  chargerId: string;
  connectorId: number;
  transactionId: number;
  /** Energy of the transaction so far (the register's last value minus meterStart), Wh; null before any reading. */
  energyWh: number | null;
  /** Active import power, W (a kW sample converted). */
  powerW: number | null;
  /** Import current per phase as sent (one entry without a phase when the charger sends none), A. */
  currentA: { phase: string | null; value: number }[];
  /** State of charge, %, when the charger sends it. */
  soc: number | null;
  /** The charger's timestamp of the newest meterValue these come from; null when none was sent yet. */
  at: string | null;
  /** The start of the transaction (the charger's timestamp). */
  startedAt: string;
}
