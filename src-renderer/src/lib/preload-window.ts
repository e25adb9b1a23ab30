/**
 * Starts loading a lazily loaded window's own files (App.svelte loads Analytics, Settings and
 * sign-in when opened) as the page starts, in parallel with the main bundle, instead of after it
 * has run. The build lists each such window's files in a meta tag (`window file file;…`); the
 * browser reuses a preloaded module when App imports it. Nothing for the other windows.
 */
export function preloadWindowCode(route: string, doc: Document = document): void {
  const list = doc.querySelector<HTMLMetaElement>('meta[name="ringside-window-chunks"]')?.content ?? '';
  for (const entry of list.split(';')) {
    const [window, ...files] = entry.trim().split(/\s+/);
    if (window !== route) continue;
    for (const file of files) {
      const link = doc.createElement('link');
      if (file.endsWith('.css')) {
        link.rel = 'preload';
        link.as = 'style';
      } else link.rel = 'modulepreload';
      // The same request as the module script's (crossorigin), so the browser can reuse it.
      link.crossOrigin = '';
      link.href = file;
      doc.head.appendChild(link);
    }
  }
}
