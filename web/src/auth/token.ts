const STORAGE_KEY = 'slipway.token';
const TOKEN_IN_FRAGMENT = /(?:^|&)token=([^&]*)/;

/**
 * Takes the API token out of a `#token=…` fragment (as printed by `npm run up`) and removes it from the
 * address bar, so it stays out of the history and of anything copied from there.
 */
export function takeTokenFromUrl(): string | null {
  const fragment = window.location.hash.slice(1);
  const match = TOKEN_IN_FRAGMENT.exec(fragment);
  if (!match) return null;
  const rest = fragment.replace(TOKEN_IN_FRAGMENT, '').replace(/^&/, '');
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${rest ? `#${rest}` : ''}`);
  const token = safeDecode(match[1] ?? '').trim();
  return token || null;
}

export function readStoredToken(): string | null {
  return window.sessionStorage.getItem(STORAGE_KEY);
}

export function storeToken(token: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, token);
}

export function forgetToken(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
