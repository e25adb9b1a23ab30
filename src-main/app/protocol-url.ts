/**
 * Longest dial link read at all: a number with an extension and parameters fits in a few
 * dozen characters, and the parsers below must never see a page-sized link (a 131 KB one
 * held the main process for seconds).
 */
export const MAX_DIAL_LINK = 1000;

/**
 * The number in a tel: or callto: link (RFC 3966: visual separators and parameters
 * allowed; an `;ext=` extension is kept), or null when the link carries no usable number.
 */
export function numberFromProtocolUrl(url: string): string | null {
  if (url.length > MAX_DIAL_LINK) return null;
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

/** The link schemes Ringside answers (registered with the OS; see electron-builder.yml). */
export const DIAL_SCHEMES = ['tel', 'callto', 'rcmobile'] as const;

/** What a tel:, callto: or rcmobile://call?number= link asks to dial, before any check. */
export interface DialLink {
  scheme: (typeof DIAL_SCHEMES)[number];
  /** The number as written in the link, decoded, without parameters or what follows a pause. */
  number: string;
  /** `;ext=123`, `;postd=…`, `,123`, `p123`, `?ext=123` (rcmobile): digits dialled after the call connects. */
  extension: string | null;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Splits "number,,123" or "number;ext=123" into the number and what is dialled after it. */
function splitExtension(raw: string, params: URLSearchParams | null): { number: string; extension: string | null } {
  let number = raw;
  let extension: string | null = params?.get('ext') ?? params?.get('extension') ?? null;
  // RFC 3966 parameters: ;ext= is the extension, ;postd= post-dial digits, the rest (phone-context, isub) is dropped.
  const [main, ...parameters] = number.split(';');
  number = main!;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=');
    if (!value) continue;
    if (/^(ext|extension|postd)$/i.test(name!.trim()) && !extension) extension = value.replace(/[^\d*#]/g, '') || null;
  }
  // Dialler pauses: a comma (2 s), p or w, then digits for an extension or a phone menu.
  const pause = /^([^,pPwW]*?)\s*[,pPwW]+\s*([\d*#][\d*#,\s]*)$/.exec(number);
  if (pause) {
    number = pause[1]!;
    if (!extension) extension = pause[2]!.replace(/[^\d*#]/g, '') || null;
  }
  return { number: number.trim(), extension };
}

/**
 * Parses a dial link as browsers and the OS hand it over: `tel:+1-212-555-0100;ext=12`,
 * `callto://+12125550100`, `callto:+1 (212) 555 0100`, `tel:2125550100,,12`,
 * `rcmobile://call?number=%2B12125550100`. Windows sometimes appends a `/`; Chrome encodes
 * spaces. Null for anything else (another scheme, an rcmobile action other than call).
 */
export function parseDialLink(url: string): DialLink | null {
  if (url.length > MAX_DIAL_LINK) return null;
  const text = url.trim().replace(/^["']|["']$/g, '');
  const scheme = /^(tel|callto|rcmobile):/i.exec(text)?.[1]?.toLowerCase() as DialLink['scheme'] | undefined;
  if (!scheme) return null;
  if (scheme === 'rcmobile') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return null;
    }
    const action = (parsed.host || parsed.pathname.replace(/^\/+/, '').split('/')[0] || '').toLowerCase();
    if (action !== 'call') return null;
    // URLSearchParams reads '+' as a space; a leading + in an unencoded number is the country code.
    const rawQuery = parsed.search.replace(/^\?/, '').replace(/(^|&)(number|phoneNumber)=\+/i, '$1$2=%2B');
    const params = new URLSearchParams(rawQuery);
    const raw = params.get('number') ?? params.get('phoneNumber');
    if (!raw) return null;
    const { number, extension } = splitExtension(raw, params);
    return number ? { scheme, number, extension } : null;
  }
  const body = text
    .slice(scheme.length + 1)
    .replace(/^\/\//, '')
    .replace(/[/#]+$/, '');
  const [beforeQuery, query] = body.split('?', 2);
  const decoded = decode(beforeQuery!);
  if (decoded === null) return null;
  const { number, extension } = splitExtension(decoded, query ? new URLSearchParams(query) : null);
  return number ? { scheme, number, extension } : null;
}

/** The first dial link among command-line arguments (Windows and Linux hand links over as argv). */
export function dialLinkFromArgs(args: readonly string[]): string | null {
  return args.find((arg) => /^["']?(tel|callto|rcmobile):/i.test(arg)) ?? null;
}
