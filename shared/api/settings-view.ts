import type { Settings, SettingsView } from './types.ts';

/**
 * The settings as the API shows them: the site back-end's password is stored (it must be sent) but never shown,
 * only whether one is set.
 */
export function settingsView(settings: Settings): SettingsView {
  const { upstream, ...rest } = settings;
  const shown = upstream === null ? null : { url: upstream.url, ...(upstream.fallback !== undefined ? { fallback: upstream.fallback } : {}) };
  return { ...rest, upstream: shown, upstreamPasswordSet: typeof upstream?.password === 'string' };
}
