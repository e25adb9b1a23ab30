// The tray icons as SVG: a handset on a round badge, with two small dots for the two legs
// (left: your phone, right: theirs). Colour PNGs for Windows/Linux; black-and-alpha
// "Template" PNGs for the macOS menu bar, where shape (filled, ring, cross) carries the state.
const HANDSET =
  'M10.2 7.2c.6-.2 1.3.1 1.6.7l1.6 3.2c.3.5.1 1.2-.3 1.6l-1.5 1.3c.9 2.1 2.6 3.7 4.6 4.6l1.3-1.5c.4-.4 1.1-.6 1.6-.3l3.2 1.6c.6.3.9 1 .7 1.6l-.6 2.1c-.3.8-1 1.3-1.8 1.2C13.5 22.7 7.6 16.8 6.9 9.6c-.1-.8.4-1.5 1.2-1.8z';

const COLOURS = { waiting: '#8e8e93', ringing: '#ffb020', connected: '#34c759', failed: '#ff3b30' };

const LEGS = {
  idle: null,
  signedOut: null,
  ringingYou: ['ringing', 'waiting'],
  ringingThem: ['connected', 'ringing'],
  connected: ['connected', 'connected'],
  failed: ['failed', 'failed'],
};

export const ICONS = Object.keys(LEGS);

function colourDot(cx, state) {
  if (state === 'failed') {
    return `<circle cx="${cx}" cy="26" r="5" fill="${COLOURS.failed}" stroke="#fff" stroke-width="1.5"/><path d="M${cx - 2} 24l4 4M${cx + 2} 24l-4 4" stroke="#fff" stroke-width="1.6" stroke-linecap="round"/>`;
  }
  return `<circle cx="${cx}" cy="26" r="4.5" fill="${COLOURS[state]}" stroke="#fff" stroke-width="1.5"/>`;
}

function templateDot(cx, state) {
  switch (state) {
    case 'connected':
      return `<circle cx="${cx}" cy="26" r="4.2" fill="#000"/>`;
    case 'ringing':
      return `<circle cx="${cx}" cy="26" r="3.4" fill="none" stroke="#000" stroke-width="1.8"/>`;
    case 'waiting':
      return `<circle cx="${cx}" cy="26" r="1.6" fill="#000"/>`;
    default:
      return `<path d="M${cx - 3} 23l6 6M${cx + 3} 23l-6 6" stroke="#000" stroke-width="2.2" stroke-linecap="round"/>`;
  }
}

export function iconSvg(name, template) {
  const legs = LEGS[name];
  const parts = [];
  if (template) {
    parts.push(`<path d="${HANDSET}" fill="#000" transform="translate(2 -3) scale(1.05)" opacity="${name === 'signedOut' ? 0.45 : 1}"/>`);
    if (name === 'signedOut') parts.push('<path d="M6 5l20 20" stroke="#000" stroke-width="2.2" stroke-linecap="round"/>');
    if (legs) parts.push(templateDot(8, legs[0]), templateDot(24, legs[1]));
  } else {
    const badge = name === 'signedOut' ? '#8e8e93' : '#0a66d8';
    parts.push(`<circle cx="16" cy="14" r="13" fill="${badge}"/>`);
    parts.push(`<path d="${HANDSET}" fill="#fff" transform="translate(2.2 -0.8)"/>`);
    if (name === 'signedOut') parts.push('<path d="M8 6l16 16" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>');
    if (legs) parts.push(colourDot(8, legs[0]), colourDot(24, legs[1]));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${parts.join('')}</svg>`;
}
