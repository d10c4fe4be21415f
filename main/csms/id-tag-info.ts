import type { AuthorizeResponse } from '../../shared/ocpp/payloads.ts';
import type { HandlerContext } from './context.ts';

export type IdTagInfo = AuthorizeResponse['idTagInfo'];

/**
 * The idTagInfo the CSMS answers for an idTag (Authorize, StartTransaction, StopTransaction): the stored
 * status with its expiry and parent; an expiry in the past answers Expired; unknown idTags follow the
 * `unknownIdTags` setting.
 */
export function idTagInfoFor(ctx: HandlerContext, idTag: string): IdTagInfo {
  const tag = ctx.store.idTags.get(idTag);
  if (tag === undefined) {
    return { status: ctx.settings.unknownIdTags === 'accept' ? 'Accepted' : 'Invalid' };
  }
  const info: IdTagInfo = { status: tag.status };
  if (tag.expiryDate) {
    info.expiryDate = tag.expiryDate;
    if (tag.status === 'Accepted' && Date.parse(tag.expiryDate) <= ctx.now.getTime()) info.status = 'Expired';
  }
  if (tag.parentIdTag) info.parentIdTag = tag.parentIdTag;
  return info;
}
