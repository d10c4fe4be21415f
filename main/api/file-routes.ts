import type { Readable } from 'node:stream';
import type { CallOutcome, Transfer } from '../../shared/api/types.ts';
import { DEFAULT_TEXT_BYTES, MAX_TEXT_BYTES } from '../files/archive/limits.ts';
import { FileError, type FileErrorCode, type FileService } from '../files/index.ts';
import { checkBody } from './body-schemas.ts';
import { ApiError, badRequest } from './errors.ts';
import { optInt } from './params.ts';
import { callFailureToApi, knownCharger, type ApiServices, type RouteTable } from './routes.ts';

const FILE_ERROR_TO_API: Record<FileErrorCode, ApiError['code']> = {
  BAD_NAME: 'BAD_REQUEST', EMPTY: 'BAD_REQUEST', TOO_LARGE: 'TOO_LARGE', QUOTA: 'TOO_LARGE', NOT_FOUND: 'NOT_FOUND',
  BAD_HOST: 'CONFLICT', FTP_NOT_RUNNING: 'CONFLICT', LISTEN: 'INTERNAL', BUSY: 'CONFLICT', ABORTED: 'BAD_REQUEST', IO: 'INTERNAL',
  UNSUPPORTED: 'UNSUPPORTED_MEDIA',
};

/** FileError → ApiError with the same message (it already says what to fix). */
function fileErrorToApi(err: unknown): never {
  if (err instanceof FileError) throw new ApiError(FILE_ERROR_TO_API[err.code], err.message, {}, { cause: err });
  throw err;
}

type FileRouteKeys = 'GET /api/firmware' | 'POST /api/firmware' | 'DELETE /api/firmware/:id' | 'POST /api/chargers/:id/firmware-update'
  | 'POST /api/chargers/:id/diagnostics' | 'GET /api/transfers' | 'GET /api/transfers/:id/content'
  | 'GET /api/transfers/:id/entries' | 'GET /api/transfers/:id/entries/:index/text';

/** The charger must be connected: file URLs use the local address at which it reached us. */
function linkHost(s: ApiServices, id: string): string {
  const link = s.csms.links.get(id);
  if (!link) throw new ApiError('CONFLICT', `${id} is not connected: the file URL must use the address at which it reaches ChargeScope; wait for it to reconnect`);
  return link.localAddress;
}

async function sendWithTransfer(s: ApiServices, id: string, transfer: Transfer, action: 'UpdateFirmware' | 'GetDiagnostics', payload: Record<string, unknown>): Promise<{ transferId: string; location: string } & CallOutcome> {
  const outcome = await s.csms.call(id, action, payload).catch(callFailureToApi);
  return { transferId: transfer.id, location: transfer.location, ...outcome };
}

export function fileRoutes(files: FileService): Pick<RouteTable, FileRouteKeys> {
  return {
    'GET /api/firmware': () => files.listFirmware(),
    'POST /api/firmware': async (r) => {
      const name = r.query['name'];
      if (!name) throw badRequest('give the firmware file name as ?name=');
      return files.addFirmware(name, r.body as Readable).catch(fileErrorToApi);
    },
    'DELETE /api/firmware/:id': async (r) => {
      await files.deleteFirmware(r.params['id']!).catch(fileErrorToApi);
      return { deleted: true };
    },
    'POST /api/chargers/:id/firmware-update': async (r, s) => {
      const id = knownCharger(s, r.params['id']!);
      const b = checkBody<{ firmwareId: string; protocol: 'http' | 'ftp'; retrieveDate?: string; retries?: number; retryInterval?: number }>('firmwareUpdate', r.body);
      if (!files.getFirmware(b.firmwareId)) throw new ApiError('NOT_FOUND', `firmware ${b.firmwareId} is not in the library (GET /api/firmware lists it)`);
      const retrieveDate = b.retrieveDate ?? s.clock().toISOString();
      const ttlMs = Math.max(3_600_000, Date.parse(retrieveDate) - s.clock().getTime() + 3_600_000);
      let transfer: Transfer;
      try {
        transfer = files.createFirmwareTransfer({ chargerId: id, firmwareId: b.firmwareId, protocol: b.protocol, host: linkHost(s, id), ttlMs });
      } catch (err) {
        fileErrorToApi(err);
      }
      return sendWithTransfer(s, id, transfer, 'UpdateFirmware', {
        location: transfer.location, retrieveDate,
        ...(b.retries !== undefined ? { retries: b.retries } : {}), ...(b.retryInterval !== undefined ? { retryInterval: b.retryInterval } : {}),
      });
    },
    'POST /api/chargers/:id/diagnostics': async (r, s) => {
      const id = knownCharger(s, r.params['id']!);
      const b = checkBody<{ protocol: 'http' | 'ftp'; startTime?: string; stopTime?: string; retries?: number; retryInterval?: number }>('diagnostics', r.body);
      let transfer: Transfer;
      try {
        transfer = files.createDiagnosticsTransfer({ chargerId: id, protocol: b.protocol, host: linkHost(s, id) });
      } catch (err) {
        fileErrorToApi(err);
      }
      const { protocol: _p, ...rest } = b;
      return sendWithTransfer(s, id, transfer, 'GetDiagnostics', { location: transfer.location, ...rest });
    },
    'GET /api/transfers': (r) => files.listTransfers(r.query['charger'] || undefined),
    'GET /api/transfers/:id/content': async (r, _s, res) => {
      const content = await files.openTransferContent(r.params['id']!).catch(fileErrorToApi);
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream', 'Content-Length': content.size,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(content.fileName)}`,
      });
      content.stream.pipe(res);
      return undefined as unknown as Uint8Array;
    },
    'GET /api/transfers/:id/entries': (r) => files.listTransferEntries(r.params['id']!).catch(fileErrorToApi),
    'GET /api/transfers/:id/entries/:index/text': (r) => {
      const raw = r.params['index']!;
      if (!/^\d{1,9}$/.test(raw)) throw badRequest(`the entry index must be a number from the listing, got ${JSON.stringify(raw)}`);
      const maxBytes = optInt(r.query, 'maxBytes', { min: 1, max: MAX_TEXT_BYTES }) ?? DEFAULT_TEXT_BYTES;
      return files.readTransferEntryText(r.params['id']!, Number(raw), maxBytes).catch(fileErrorToApi);
    },
  };
}
