/**
 * The control API token. The UI URL printed at start carries it as `#token=...`; the page keeps it in
 * sessionStorage for this tab only and takes it out of the address bar (so it does not end up in
 * screenshots, bookmarks or the history).
 */
const KEY = 'chargescope.token';

let current: string | null = null;

/** Reads `#token=` once at start-up, stores it for the tab and removes it from the address bar. */
export function initToken(): string | null {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (match) {
    current = decodeURIComponent(match[1]!);
    sessionStorage.setItem(KEY, current);
    window.history.replaceState(null, '', window.location.pathname + window.location.search + '#/');
  } else {
    current = sessionStorage.getItem(KEY);
  }
  return current;
}

export function getToken(): string | null {
  return current;
}

/** Forgets a token the server refused, so the page shows how to open it. */
export function dropToken(): void {
  current = null;
  sessionStorage.removeItem(KEY);
}
