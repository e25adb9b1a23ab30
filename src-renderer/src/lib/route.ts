/** The window this page shows, from its address (`#/history`, `#/settings?…`; none: the popover). */
export function currentRoute(): string {
  return (location.hash.replace(/^#\/?/, '') || 'popover').split('?')[0]!;
}
