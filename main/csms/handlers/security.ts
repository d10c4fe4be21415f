import type { HandlerTable } from '../context.ts';

/** Charger-initiated messages of the OCPP 1.6 security whitepaper (edition 3). */
export const securityHandlers = {
  SecurityEventNotification() {
    // A04.FR.03: the CSMS confirms receipt (the event is a finding of the analysis).
    return {};
  },
  SignCertificate() {
    // A02: the CSMS answers Accepted and later sends CertificateSigned (the operator does, with a chain from the CA).
    return { status: 'Accepted' };
  },
  LogStatusNotification() {
    return {};
  },
  SignedFirmwareStatusNotification(ctx, req) {
    ctx.afterCommit(() => ctx.hooks.firmwareStatus?.(ctx.chargerId, req.status, ctx.at));
    return {};
  },
} satisfies Partial<HandlerTable>;
