/**
 * Whether this page is the browser edition (its page script marks the document before the
 * app starts): there Settings hides what only the desktop app can do, and Esc has no window to close.
 */
export function isBrowserEdition(): boolean {
  return typeof document !== 'undefined' && document.documentElement.dataset['edition'] === 'browser';
}
