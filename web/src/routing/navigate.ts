/** Moves to `path` inside the console without reloading the page. */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  // pushState fires no event of its own; useRoute listens to popstate for both directions.
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/** Moves to `path` (with its query) in place of the current page: Back skips the page left. */
export function redirect(path: string): void {
  if (path === `${window.location.pathname}${window.location.search}`) return;
  window.history.replaceState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
