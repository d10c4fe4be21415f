import type { HandlerTable } from '../context.ts';
import { coreHandlers } from './core.ts';
import { securityHandlers } from './security.ts';

/** Every charger-initiated action of OCPP 1.6 and its security whitepaper, one handler each. */
export const handlers: HandlerTable = { ...coreHandlers, ...securityHandlers };
