/** idTags as OCPP 1.6 types them (IdToken: CiString20Type): at most 20 characters. Checked, never cut silently. */
export const ID_TAG_MAX = 20;

/** What is wrong with a typed idTag, in words the engineer can act on; null when it can be sent. */
export function idTagProblem(value: string, required = true): string | null {
  const v = value.trim();
  if (!v) return required ? 'type the idTag' : null;
  if (v.length > ID_TAG_MAX) return `idTag is ${v.length} characters: OCPP 1.6 allows at most ${ID_TAG_MAX} (IdToken, CiString20). Shorten it; nothing is cut for you.`;
  return null;
}
