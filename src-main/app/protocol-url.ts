/**
 * The number in a tel: or callto: link (RFC 3966: visual separators and parameters
 * allowed; an `;ext=` extension is kept), or null when the link carries no usable number.
 */
export function numberFromProtocolUrl(url: string): string | null {
  const match = /^(tel|callto):(\/\/)?([^;?#]*)/i.exec(url.trim());
  if (!match) return null;
  let number: string;
  try {
    number = decodeURIComponent(match[3]!);
  } catch {
    return null;
  }
  const cleaned = number.replace(/[\s().-]/g, '');
  if (!/^\+?\d{3,15}$/.test(cleaned)) return null;
  // RFC 3966 `;ext=`: the extension to reach after the call connects is kept with the number.
  const extension = /;ext=([\d\s().-]{1,20})(?:[;?#]|$)/i.exec(url.trim())?.[1]?.replace(/\D/g, '');
  return extension ? `${cleaned};ext=${extension}` : cleaned;
}

/** The first tel:/callto: argument of a command line (second-instance launches, Windows/Linux). */
export function protocolUrlFromArgs(args: readonly string[]): string | null {
  return args.find((arg) => /^(tel|callto):/i.test(arg)) ?? null;
}
