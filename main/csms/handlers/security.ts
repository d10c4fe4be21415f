import type { HandlerTable } from '../context.ts';

/** Charger-initiated messages of the OCPP 1.6 security whitepaper (edition 3). */
export const securityHandlers = {
  SecurityEventNotification(ctx, req) {
    // A04.FR.03: the CSMS confirms receipt.
    ctx.finding('security-event', 'info', `security event ${req.type} at ${req.timestamp}${req.techInfo ? `: ${req.techInfo}` : ''}`);
    return {};
  },
  SignCertificate(ctx) {
    // A02: the CSMS answers Accepted and later sends CertificateSigned (the operator does, with a chain from the CA).
    ctx.finding('sign-certificate', 'info', 'SignCertificate received: send CertificateSigned with a chain signed by your CA');
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
