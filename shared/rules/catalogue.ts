/**
 * The catalogue of rules: every finding ChargeScope records names one of these ids (the compiler refuses any other).
 * Data only: the checks live in main/analysis/rules/, one file per family. `GET /api/rules` serves this list.
 * `spec` names the section of OCPP 1.6 edition 2 ("OCPP 1.6"), the OCPP-J 1.6 specification ("OCPP-J"), an erratum
 * of the 2025-04 errata sheets ("errata N" / "J-errata N") or the security whitepaper edition 3 ("security §N").
 */
import type { Severity } from '../api/types.ts';

export type RuleProfile =
  | 'OCPP-J' | 'Core' | 'FirmwareManagement' | 'LocalAuthListManagement' | 'Reservation' | 'SmartCharging' | 'RemoteTrigger'
  | 'Security' | 'ChargeScope';

export interface RuleMeta {
  severity: Severity;
  profile: RuleProfile;
  /** One line: what happened. */
  title: string;
  /** Where the rule comes from. */
  spec: string;
  /** What the engineer should do about it. */
  advice: string;
}

export interface Rule extends RuleMeta {
  id: RuleId;
}

const rule = (severity: Severity, profile: RuleProfile, title: string, spec: string, advice: string): RuleMeta => ({ severity, profile, title, spec, advice });

export const RULES = {
  // ---- OCPP-J framing and pairing ----
  'malformed-frame': rule('error', 'OCPP-J', 'A frame that is not an OCPP-J message', 'OCPP-J §4.1–4.2', 'The charger sent text that is not valid JSON or not a [type, id, ...] array. Report it to the vendor with the raw frame; ChargeScope answered FormationViolation where it could read a message id.'),
  'unknown-message-type': rule('warning', 'OCPP-J', 'A message type other than 2, 3 or 4', 'OCPP-J §4.1.3', 'The receiver shall ignore such a message; ChargeScope recorded and ignored it. Ask the vendor which message the charger meant to send.'),
  'unknown-action': rule('error', 'OCPP-J', 'A CALL with an action OCPP 1.6 does not know', 'OCPP-J §4.2.1', 'Action names are case-sensitive. Check the spelling in the raw frame; a vendor extension belongs in DataTransfer.'),
  'wrong-direction': rule('error', 'OCPP-J', 'A CALL sent in the wrong direction', 'OCPP 1.6 §4, §5', 'The action is one the other side initiates (for example a charger sending RemoteStartTransaction). The charger may be confused about its role; check its OCPP configuration.'),
  'schema-violation': rule('error', 'OCPP-J', "A charger's CALL breaks the OCPP 1.6 JSON schema", 'OCPP-J §4.2.3; OCA JSON schemas 2019-12', 'The issues name the field. ChargeScope answered the CALLERROR the specification names; a conformant back-end would refuse it too. Report it to the vendor.'),
  'invalid-reply': rule('error', 'OCPP-J', "A charger's CALLRESULT breaks the OCPP 1.6 JSON schema", 'OCPP-J §4.2.2; OCA JSON schemas 2019-12', 'The charger answered an operator call with a payload outside the schema. ChargeScope followed what it could read; report it to the vendor.'),
  'csms-call-invalid': rule('error', 'OCPP-J', "A Central System's CALL breaks the schema", 'OCPP-J §4.2.3', 'In a recorded log: the back-end sent a request outside the schema. From ChargeScope: the operator sent an odd request on purpose (a conformance case), which the charger should refuse.'),
  'csms-reply-invalid': rule('error', 'OCPP-J', "A Central System's CALLRESULT breaks the schema", 'OCPP-J §4.2.2', 'The back-end answered with a payload the charger may reject. In ChargeScope this is a bug: please report it with the frame.'),
  'call-error': rule('info', 'OCPP-J', 'The charger answered an operator call with CALLERROR', 'OCPP-J §4.2.3', 'Read the error code: NotSupported or NotImplemented means the charger lacks the feature; FormationViolation or a constraint violation means it disliked the request.'),
  'csms-call-error': rule('info', 'OCPP-J', "The Central System answered a charger's CALL with CALLERROR", 'OCPP-J §4.2.3', "Read the error code: the back-end refused the charger's message; SecurityError means it was not yet Accepted."),
  'unmatched-result': rule('warning', 'OCPP-J', 'An answer whose message id matches no CALL', 'OCPP-J §4.1.1, §4.2.2', 'A CALLRESULT or CALLERROR must carry the id of the CALL it answers. The charger may answer twice, or answer a call of a previous connection.'),
  'late-answer': rule('warning', 'OCPP-J', 'An answer that came after the call had timed out', 'OCPP-J §4.1.1; errata 3.83', 'The charger is slow to answer (past callTimeoutMs). Check its network link or load; raise callTimeoutMs in settings if the charger is known to be slow.'),
  'unanswered-call': rule('warning', 'OCPP-J', 'A CALL that never got an answer', 'OCPP-J §4.1.1', 'No CALLRESULT or CALLERROR came back for this CALL. The other side may have dropped it or the link broke; calls must always be answered.'),
  'duplicate-message-id': rule('warning', 'OCPP-J', 'A CALL reuses a message id of the same sender', 'OCPP-J §4.1.1; J-errata 3.1, 3.7', 'Every CALL needs a message id its sender has not used before (a retry of the same message may reuse it). Chargers that count from 1 after each boot break pairing in logs.'),
  'slow-charger-answer': rule('info', 'OCPP-J', 'The charger took more than 10 s to answer', 'OCPP-J §4.1.1', 'Slow answers make operator actions feel broken and can run into timeouts. Check the charger’s network (signal, modem) and load.'),
  'slow-csms-answer': rule('info', 'OCPP-J', 'The Central System took more than 5 s to answer', 'OCPP-J §4.1.1', 'A back-end this slow makes chargers retry or time out. In a recorded log: look at the back-end; in ChargeScope: the laptop is overloaded.'),
  'not-accepted': rule('warning', 'Core', 'A CALL before the charger was Accepted', 'OCPP 1.6 §4.2.1; J-errata 3.10', 'Until its BootNotification is Accepted a charger may send only BootNotification; it got SecurityError. Let it boot (or accept it in the charger list).'),
  'internal-error': rule('error', 'ChargeScope', 'ChargeScope failed while handling a message', '—', 'ChargeScope itself failed (the charger got InternalError where it expected an answer). Please report it with the frame and the session export.'),
  'state-not-followed': rule('info', 'ChargeScope', 'An invalid answer ChargeScope could not follow', 'OCPP-J §4.2.2', 'The answer broke its schema so badly that ChargeScope could not tell what the charger now holds: its view is unchanged. Ask the charger again (GetConfiguration, GetLocalListVersion).'),
  connection: rule('warning', 'OCPP-J', 'A problem with the WebSocket connection', 'OCPP-J §3, §5', 'The connection itself misbehaved (no subprotocol offered, binary frame, oversized frame, socket error). Check the charger’s OCPP URL and transport settings.'),
  'number-beyond-storage': rule('warning', 'ChargeScope', 'An integer beyond what ChargeScope stores exactly', 'OCPP-J §4.1; RFC 8259 §6', 'The charger sent a valid JSON integer past ±(2^53 − 1) (1.5e20, 2^63). The frame keeps the text as sent; the state (transactions, meter values) holds the nearest exact integer. A field this large is usually a counter the charger never resets or an uninitialised value: report it to the vendor.'),

  // ---- Core: boot, heartbeat, status ----
  'boot-not-accepted': rule('info', 'Core', 'BootNotification answered Pending or Rejected', 'OCPP 1.6 §4.2', 'The answer comes from the setting unknownChargers. The charger may only send BootNotification until it is Accepted; accept it in the charger list if it belongs here.'),
  'boot-repeated': rule('warning', 'Core', 'Three or more BootNotifications within 10 minutes', 'OCPP 1.6 §4.2', 'The charger reboots again and again (a reboot loop, a watchdog, power trouble) or resends BootNotification on every reconnect. Look at its power supply and logs.'),
  'deprecated-boot-field': rule('info', 'Core', 'BootNotification carries the deprecated chargeBoxSerialNumber', 'OCPP 1.6 §6.3', 'chargeBoxSerialNumber is deprecated; chargePointSerialNumber is the field to use. Ask the vendor to send the new field too.'),
  'heartbeat-late': rule('warning', 'Core', 'A heartbeat later than the interval allows', 'OCPP 1.6 §4.6, §9.1.10', 'The charger was silent for more than 1.5 × the heartbeat interval it was given. Its clock, its timer or the network is unreliable; a back-end may mark it offline.'),
  'heartbeat-too-frequent': rule('info', 'Core', 'Heartbeats far more often than the interval', 'OCPP 1.6 §4.6', 'The charger sends Heartbeat at less than half the interval it was given: it ignores the interval from BootNotification.conf or HeartbeatInterval. Harmless but wasteful on metered links.'),
  'clock-skew': rule('warning', 'Core', "A charger's timestamp ahead of the Central System's clock", 'OCPP 1.6 §4.6; errata 3.10', "The charger's clock runs more than 5 minutes ahead. Check its time source (NTP, Heartbeat.conf currentTime); meter values and transactions will carry wrong times."),
  'timestamp-not-utc': rule('info', 'Core', 'A timestamp with a time-zone offset other than UTC', 'errata 3.10', 'Offsets are allowed, but a charger sending local time is a frequent source of confusion in back-ends. Prefer UTC (Z) timestamps.'),
  'connector0-status': rule('warning', 'Core', 'Connector 0 reported a status only real connectors have', 'OCPP 1.6 §4.9', 'Connector 0 (the whole charger) may only be Available, Unavailable or Faulted. The charger mixes up connector numbering.'),
  'faulted-without-error': rule('warning', 'Core', 'Status Faulted with errorCode NoError', 'OCPP 1.6 §4.9, §7.6', 'A Faulted connector should say why (errorCode other than NoError, vendorErrorCode). Ask the vendor for the fault code list.'),
  'status-transition': rule('warning', 'Core', 'A connector status change the OCPP 1.6 state table does not allow', 'OCPP 1.6 §4.9 (status transitions)', 'The connector jumped between states in a way the specification does not define (for example Available → Finishing). Back-ends that follow the table will misread the session.'),
  'status-connector-unknown': rule('warning', 'Core', 'A StatusNotification for a connector beyond NumberOfConnectors', 'OCPP 1.6 §4.9, §9.1.19', 'The connectorId is higher than the NumberOfConnectors the charger reports. Either the key or the numbering is wrong.'),
  'data-transfer': rule('info', 'Core', 'DataTransfer from a vendor ChargeScope does not know', 'OCPP 1.6 §4.3', 'The DataTransfer was answered UnknownVendorId. If the vendor extension matters, add the vendorId in settings.'),
  'security-event': rule('info', 'Security', 'The charger reported a security event', 'security §A04', 'Read the event type: tamper detection, firmware or certificate problems need attention on site.'),
  'sign-certificate': rule('info', 'Security', 'The charger asks for a signed certificate', 'security §A02', 'Send CertificateSigned with a chain signed by your CA (ChargeScope does not sign certificates itself).'),

  // ---- Core: transactions ----
  'concurrent-transaction': rule('warning', 'Core', 'StartTransaction answered ConcurrentTx', 'OCPP 1.6 §7.14', 'The idTag has a live open transaction on another connector and the setting concurrentTransactions is "refuse". Stop the other transaction or set the setting to "allow".'),
  'transaction-superseded': rule('warning', 'Core', 'A new transaction on a connector whose transaction was never stopped', 'OCPP 1.6 §4.10, §5.16.1', 'The charger lost the previous transaction (power loss, reboot) without sending StopTransaction. ChargeScope closed it at the new start (supersededBy). Check the charger’s offline queue.'),
  'unknown-transaction': rule('warning', 'Core', 'A transactionId no StartTransaction was given', 'OCPP 1.6 §4.10; errata 3.18', 'The charger refers to a transaction the Central System never issued (a queued message from another back-end, a lost StartTransaction.conf, or -1). It was answered as if valid.'),
  'transaction-stopped-twice': rule('warning', 'Core', 'StopTransaction for a transaction already stopped', 'OCPP 1.6 §4.10', 'The charger resent StopTransaction (its offline queue retried after an answer was lost). It was answered as if valid; the first stop counts.'),
  'start-on-connector-0': rule('error', 'Core', 'StartTransaction on connector 0', 'OCPP 1.6 §6.39', 'Transactions run on connectors numbered from 1; connector 0 is the charger as a whole. The charger numbers its connectors wrongly.'),
  'start-without-preparing': rule('info', 'Core', 'A transaction started without the connector being Preparing', 'OCPP 1.6 §4.9, §3.6', 'Normally a connector goes Preparing (cable plugged, card tapped) before a transaction starts. An offline start or a charger that skips the status is likely.'),
  'start-after-refused-authorize': rule('warning', 'Core', 'A transaction started with an idTag the Central System refused', 'OCPP 1.6 §4.1, §4.10', 'The idTag was answered Invalid, Blocked or Expired in Authorize, yet the charger started. Check AuthorizationCacheEnabled, LocalAuthorizeOffline and AllowOfflineTxForUnknownId.'),
  'start-not-accepted-continued': rule('warning', 'Core', 'Charging continued after StartTransaction was not Accepted', 'OCPP 1.6 §5.16.1; errata 3.17', 'The Central System answered the start with an idTag status other than Accepted, yet the transaction went on (meter values) for more than 60 s. Check StopTransactionOnInvalidId.'),
  'transaction-very-short': rule('info', 'Core', 'A transaction shorter than 10 seconds that delivered no energy', 'OCPP 1.6 §4.10', 'Start and stop within seconds usually means the vehicle refused to charge, the cable was not locked or the card was tapped twice. Look at the stop reason and status changes.'),
  'stop-reason-unexplained': rule('warning', 'Core', 'A stop reason with no matching cause', 'OCPP 1.6 §7.35', 'The stop reason names an event ChargeScope did not see (Remote without RemoteStopTransaction, a reset reason without Reset, UnlockCommand without UnlockConnector). The charger reports its reasons wrongly.'),
  'meter-decreased': rule('warning', 'Core', 'meterStop below meterStart', 'OCPP 1.6 §6.47; errata 3.78', 'The energy register went backwards over the transaction: the meter was reset or replaced, or the charger reports another register at stop.'),
  'meter-stop-below-samples': rule('warning', 'Core', 'meterStop below the last energy reading of the transaction', 'OCPP 1.6 §6.47; errata 3.78', 'The register in StopTransaction is lower than what MeterValues already reported. The charger mixes two meters or units (Wh vs kWh).'),

  // ---- Core: meter values ----
  'meter-value-not-numeric': rule('warning', 'Core', 'A Raw sampled value that is not a number', 'OCPP 1.6 §7.43', 'With format Raw (the default) the value must be a number. Back-ends will drop the sample; report it to the vendor.'),
  'energy-register-decreased': rule('warning', 'Core', 'Energy.Active.Import.Register went down during a transaction', 'errata 3.78', 'Register values are monotonic and not rebased. A decreasing register breaks billing: check for meter resets or kWh/Wh mix-ups.'),
  'meter-unit-unexpected': rule('warning', 'Core', "A sampled value's unit does not fit its measurand", 'OCPP 1.6 §7.31, §7.45', 'Energy is Wh/kWh (varh/kvarh), power W/kW (var/kvar), current A, voltage V, temperature Celsius/Fahrenheit/K, SoC Percent. A wrong unit makes every plot and bill wrong.'),
  'measurand-not-configured': rule('info', 'Core', 'A measurand that MeterValuesSampledData does not list', 'OCPP 1.6 §9.1.17', 'The charger sends measurands it was not configured to send (or ignores the configuration). Compare with the key MeterValuesSampledData.'),
  'meter-values-gap': rule('warning', 'Core', 'No MeterValues for more than twice MeterValueSampleInterval in a transaction', 'OCPP 1.6 §4.7, §9.1.18; errata 3.15', 'Periodic meter values are mandatory at the configured interval while charging. The charger skips samples or ignores MeterValueSampleInterval.'),
  'meter-values-without-transaction': rule('warning', 'Core', 'Meter values during a transaction without its transactionId', 'OCPP 1.6 §4.7; errata 3.16', 'Samples taken on a connector with a running transaction shall carry its transactionId, or back-ends cannot attribute them.'),
  'meter-values-wrong-transaction': rule('warning', 'Core', 'MeterValues for a transaction running on another connector', 'OCPP 1.6 §4.7', 'The connectorId and the transactionId of the message disagree. The charger mixes up its connectors.'),
  'connector0-transaction': rule('info', 'Core', 'MeterValues for connector 0 with a transactionId', 'errata 3.16', 'Values of connector 0 (the whole charger) should carry no transactionId.'),
  'power-above-limit': rule('warning', 'SmartCharging', 'Measured current or power above the installed charging limit', 'OCPP 1.6 §3.13', 'The charger draws more than the charging profiles it accepted allow (beyond a 10 % margin). It ignores smart charging or applies profiles late: check with GetCompositeSchedule.'),

  // ---- what operator commands should have caused ----
  'availability-not-followed': rule('warning', 'Core', 'ChangeAvailability Accepted but the status did not follow', 'OCPP 1.6 §5.2', 'After an Accepted ChangeAvailability the connector should report Unavailable (Inoperative) or Available (Operative) within 60 s. The charger did not report the change.'),
  'reset-no-reboot': rule('warning', 'Core', 'Reset Accepted but no BootNotification followed', 'OCPP 1.6 §5.14', 'After an Accepted Reset the charger should reboot and send BootNotification (within 5 minutes here). It may have ignored the reset.'),
  'remote-start-no-transaction': rule('warning', 'Core', 'RemoteStartTransaction Accepted but no transaction started', 'OCPP 1.6 §5.11, §9.1.7', 'No StartTransaction came within ConnectionTimeOut (+30 s). The driver may not have plugged in, or the charger dropped the request.'),
  'remote-stop-not-followed': rule('warning', 'Core', 'RemoteStopTransaction Accepted but the transaction did not stop', 'OCPP 1.6 §5.12', 'No StopTransaction came within 60 s of an Accepted RemoteStopTransaction. The charger did not stop charging.'),
  'trigger-not-sent': rule('warning', 'RemoteTrigger', 'TriggerMessage Accepted but the message never came', 'OCPP 1.6 §5.17', 'After an Accepted TriggerMessage the charger shall send the requested message (checked within 60 s). It did not.'),
  'firmware-status-sequence': rule('warning', 'FirmwareManagement', 'A FirmwareStatusNotification out of order', 'OCPP 1.6 §4.5, §5.19; errata 3.47', 'Firmware statuses go Downloading → Downloaded → Installing → Installed (or a failure). A status out of that order, or without an UpdateFirmware, confuses back-ends.'),
  'diagnostics-status-sequence': rule('warning', 'FirmwareManagement', 'A DiagnosticsStatusNotification out of order', 'OCPP 1.6 §4.4, §5.9', 'Uploaded or UploadFailed should follow Uploading (and a GetDiagnostics). Repeated or missing statuses make the upload hard to follow.'),
  'firmware-unchanged': rule('warning', 'FirmwareManagement', 'The charger rebooted with the same firmware after an update', 'OCPP 1.6 §5.19', 'The update reported an install but the firmwareVersion did not change: the update did not take effect. Check the image and the charger’s update log.'),
  'firmware-updated': rule('info', 'FirmwareManagement', 'The firmware version changed after an update', 'OCPP 1.6 §5.19', 'The charger booted with a new firmwareVersion after the install: the update took effect.'),
  'firmware-version-changed': rule('info', 'Core', 'The firmware version changed without an update through ChargeScope', 'OCPP 1.6 §4.2', 'The charger booted with another firmwareVersion than before; someone updated it by other means.'),

  // ---- configuration ----
  'configuration-key-missing': rule('warning', 'Core', 'GetConfiguration left out a key it was asked for', 'OCPP 1.6 §5.8, §6.23', 'An asked key must come back in configurationKey or unknownKey. The charger silently dropped it.'),
  'required-key-missing': rule('warning', 'Core', 'A full GetConfiguration lacks a key its feature profiles require', 'OCPP 1.6 §9.1–9.4', 'Required keys of the profiles the charger lists in SupportedFeatureProfiles are missing. Back-ends and test tools rely on them.'),
  'configuration-value-invalid': rule('warning', 'Core', 'A configuration value outside its type or range', 'OCPP 1.6 §9', 'An integer key holds a non-integer or negative value, or a boolean key something other than true/false. The charger’s configuration is corrupt or non-standard.'),
  'secret-key-readable': rule('warning', 'Security', 'GetConfiguration reveals a write-only key', 'security §7; J-errata 3.12', 'AuthorizationKey must never be readable. Anyone on the network can read the charger’s password: report it to the vendor.'),
  'authorization-key-changed': rule('info', 'Security', "The charger's Basic Auth password changed", 'security §A01', 'AuthorizationKey was Accepted: from now on the charger must present the new key.'),
  'authorization-key-reboot': rule('warning', 'Security', 'AuthorizationKey answered RebootRequired', 'security §A01', 'The stored password was not changed. After the reboot, set it with PUT /api/chargers/:id/auth if the charger uses the new key.'),
  'security-profile-invalid': rule('warning', 'Security', 'A SecurityProfile value outside 0–3 was accepted', 'security §2', 'Security profiles are 0 to 3; the charger accepted a value it should have rejected.'),
  'security-profile-downgrade': rule('warning', 'Security', 'The charger accepted a lower SecurityProfile', 'security §2.4', 'A charger shall not accept a downgrade of its security profile.'),
  'security-profile-set': rule('info', 'Security', 'The charger accepted a new SecurityProfile', 'security §2.4, §3', 'From its next connection the charger must use that profile; ChargeScope refuses connections below it.'),

  // ---- local list ----
  'local-list-version-reserved': rule('warning', 'LocalAuthListManagement', 'SendLocalList with listVersion 0 or -1', 'errata 3.52', 'Versions 0 and -1 mean "no list" and "not supported"; a list update shall use a version of 1 or more.'),
  'local-list-version-not-increased': rule('warning', 'LocalAuthListManagement', 'A differential list update that does not raise the version', 'OCPP 1.6 §3.5.3', 'Each update raises the list version; otherwise back-end and charger cannot tell which list is current.'),
  'local-list-full-without-info': rule('warning', 'LocalAuthListManagement', 'A full local list with entries lacking idTagInfo', 'OCPP 1.6 §7.2', 'In a Full update every entry needs idTagInfo; those without are not in the list.'),
  'local-list-version-mismatch': rule('warning', 'LocalAuthListManagement', 'The charger reports another local list version than it accepted', 'OCPP 1.6 §5.10', 'The charger lost or replaced the list it accepted (a reset, another back-end). Send the list again.'),

  // ---- reservations ----
  'unknown-reservation': rule('warning', 'Reservation', 'StartTransaction with a reservationId never reserved', 'OCPP 1.6 §5.13', 'The charger used a reservation the Central System never made (a stale one, or another back-end’s).'),
  'reservation-not-active': rule('warning', 'Reservation', 'A reservation used or cancelled after it ended', 'OCPP 1.6 §5.13', 'The reservation had expired, been cancelled or used. The charger keeps reservations longer than it should.'),
  'reservation-connector': rule('warning', 'Reservation', 'A reserved transaction started on another connector', 'OCPP 1.6 §5.13', 'The reservation was for a specific connector; the transaction started elsewhere.'),
  'reservation-idtag': rule('info', 'Reservation', 'A reserved transaction started with another idTag', 'OCPP 1.6 §5.13', 'The reservation was made for another idTag (a parentIdTag match is allowed).'),
  'reservation-already-expired': rule('warning', 'Reservation', 'ReserveNow Accepted with an expiry in the past', 'OCPP 1.6 §5.13', 'The charger accepted a reservation that had already expired; it should have refused it, or its clock is wrong.'),
  'reservation-replaced': rule('info', 'Reservation', 'A reservation replaced one with the same id', 'OCPP 1.6 §5.13', 'ReserveNow with the id of an active reservation replaces it, as the specification says.'),
  'reservation-unknown': rule('info', 'Reservation', 'The charger cancelled a reservation never seen accepted', 'OCPP 1.6 §5.1', 'The charger holds a reservation the Central System did not know of.'),
  'reservation-lost': rule('warning', 'Reservation', 'The charger no longer holds an active reservation', 'OCPP 1.6 §5.1', 'CancelReservation was Rejected for a reservation still active: the charger dropped it (reboot, expiry on its clock).'),

  // ---- smart charging ----
  'tx-profile-without-transaction': rule('warning', 'SmartCharging', 'A TxProfile accepted without a running transaction', 'OCPP 1.6 §3.13.1', 'A TxProfile needs a running transaction on its connector; the charger should have refused it.'),
  'tx-profile-other-transaction': rule('warning', 'SmartCharging', 'A TxProfile accepted for another transaction', 'OCPP 1.6 §3.13.1', 'The profile named a transaction other than the one running on the connector.'),
  'charging-profile-replaced': rule('info', 'SmartCharging', 'A charging profile replaced an installed one', 'OCPP 1.6 §3.13.2', 'Same id, or same purpose and stack level: the new profile replaces the old.'),
  'charging-profile-unknown': rule('warning', 'SmartCharging', 'ClearChargingProfile answered Unknown for profiles it accepted', 'OCPP 1.6 §5.5', 'The charger lost profiles it had accepted (a reboot without persistence, errata 3.37).'),
  'charging-profile-none-known': rule('info', 'SmartCharging', 'The charger cleared profiles never seen accepted', 'OCPP 1.6 §5.5', 'The charger held profiles the Central System did not know of (another back-end, an earlier session).'),
  'remote-start-profile-purpose': rule('warning', 'SmartCharging', 'RemoteStartTransaction with a profile other than TxProfile', 'OCPP 1.6 §5.11', 'The chargingProfile of RemoteStartTransaction SHALL be a TxProfile.'),
  'remote-start-profile-transaction': rule('warning', 'SmartCharging', 'RemoteStartTransaction with a TxProfile that names a transaction', 'errata 3.41', 'A RemoteStartTransaction profile SHALL NOT carry a transactionId.'),
  'composite-schedule-unit': rule('warning', 'SmartCharging', 'GetCompositeSchedule answered in another unit than asked', 'OCPP 1.6 §6.26', 'The charger ignored chargingRateUnit; ChargeScope compared after converting.'),
  'composite-schedule-matches': rule('info', 'SmartCharging', "The charger's composite schedule matches ChargeScope's", 'OCPP 1.6 §3.13.3', 'The charger applies the installed profiles as the specification says.'),
  'composite-schedule-differs': rule('warning', 'SmartCharging', "The charger's composite schedule differs from ChargeScope's", 'OCPP 1.6 §3.13.3; errata 3.28–3.30', 'The charger computes limits other than the installed profiles give: check stack levels, validity and units.'),

  // ---- imports ----
  'import-skipped-line': rule('warning', 'ChargeScope', 'A line of an imported log that holds no frame', '—', 'The line could not be read as an OCPP-J frame in any known format; the text is kept in the finding.'),
  'import-no-time': rule('info', 'ChargeScope', 'Imported frames without a time', '—', 'They are kept in the file\'s order and shown as "time unknown"; no latency is claimed for them and no rule that measures time (answer times, heartbeat cadence, deadlines, clock skew) judges them. Import a log that carries times to have those checked.'),
  'import-possibly-cut': rule('info', 'ChargeScope', 'An exchange cut by the start or the end of an imported log', 'OCPP-J §4.1.1', 'A result among a charger\'s first 10 frames that answers no CALL, or a CALL within 10 frames or 60 s of the end that has no answer: the log is likely an excerpt. Import the whole log to know whether it was really unmatched or unanswered.'),
  'import-time-zone-offered': rule('info', 'ChargeScope', 'An imported log whose times look local, not UTC', 'errata 3.10', 'The times written without a zone agree with the charger\'s own timestamps at another offset: import the file again with the offered time zone (?tz=) if the log was written in local time. Nothing was shifted.'),
  'import-raw-rebuilt': rule('info', 'ChargeScope', 'Imported frames without their raw text', '—', 'The raw text was rebuilt from the fields, so it is not verbatim.'),
} as const satisfies Record<string, RuleMeta>;

export type RuleId = keyof typeof RULES;

/** The catalogue as the API lists it. */
export function ruleList(): Rule[] {
  return (Object.keys(RULES) as RuleId[]).map((id) => ({ id, ...RULES[id] }));
}

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}
