/**
 * The script the browser edition adds to the built renderer's page (served as a file: the
 * CSP allows only 'self' scripts). It provides `window.ringside = { invoke, on }`, the same
 * surface as the preload, over the local WebSocket, and stands in for Electron's window
 * system: a status strip (the tray's summary of both legs, links between the windows),
 * page notifications (permission asked from a click), and window requests as routes.
 * Plain JavaScript in a string: it runs in the page as is, with no bundler in between.
 */
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from '../../src-shared/ipc-channels';
import { CLOSE_NOT_AUTHENTICATED, ROUTE_OF_WINDOW, SOCKET_PATH } from './protocol';
import { TICKET_PARAM } from './security';

export const PAGE_SCRIPT_PATH = '/ringside-browser.js';
export const PAGE_STYLE_PATH = '/ringside-browser.css';

export const PAGE_SCRIPT = `(() => {
  'use strict';
  const INVOKE = new Set(${JSON.stringify(INVOKE_CHANNEL_NAMES)});
  const EVENTS = new Set(${JSON.stringify(EVENT_CHANNEL_NAMES)});
  const ROUTES = ${JSON.stringify(ROUTE_OF_WINDOW)};
  // The credential exchange (see security.ts): the opened address's one-time ticket, or the
  // token this tab received for it, goes as the socket's first message, never in a URL.
  const TOKEN_KEY = 'ringside-token';
  const params = new URLSearchParams(location.search);
  const ticket = params.get('${TICKET_PARAM}');
  if (ticket !== null) {
    params.delete('${TICKET_PARAM}');
    const rest = params.toString();
    history.replaceState(history.state, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }
  let token = null;
  try { token = sessionStorage.getItem(TOKEN_KEY); } catch { token = null; }
  const socket = new WebSocket('ws://' + location.host + '${SOCKET_PATH}');
  const pending = new Map();
  const queue = [];
  const listeners = new Map();
  let nextId = 1;
  let ready = false;
  let closed = false;
  const unlinked = 'This page is not connected to Ringside: its link was already used or has expired. Press Enter in the terminal where Ringside runs to open a new one.';
  let stopped = { ok: false, error: { code: 'NETWORK', message: 'Ringside has stopped: run npm start again, then reload this page.' } };

  function send(message) {
    if (ready && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else queue.push(message);
  }
  socket.addEventListener('open', () => {
    socket.send(JSON.stringify(ticket ? { type: 'auth', ticket } : { type: 'auth', token: token || '-' }));
  });
  socket.addEventListener('close', (event) => {
    closed = true;
    if (event.code === ${CLOSE_NOT_AUTHENTICATED}) {
      try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* storage off: nothing kept */ }
      stopped = { ok: false, error: { code: 'NETWORK', message: unlinked } };
      strip.summary(unlinked, 'failed');
    } else strip.summary('Ringside has stopped. Run npm start again, then reload this page.', 'failed');
    for (const resolve of pending.values()) resolve(stopped);
    pending.clear();
  });
  socket.addEventListener('message', (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    if (message.type === 'hello') {
      try { sessionStorage.setItem(TOKEN_KEY, message.token); } catch { /* storage off: a reload needs a new link */ }
      ready = true;
      for (const queued of queue.splice(0)) socket.send(JSON.stringify(queued));
    } else if (message.type === 'result') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(message.result);
    } else if (message.type === 'event') {
      const set = listeners.get(message.channel);
      if (set) for (const listener of [...set]) { try { listener(message.payload); } catch (error) { console.error(error); } }
    } else if (message.type === 'tray') {
      strip.summary(message.model.tooltip.replace(/^Ringside( \\(demo\\))?: /, ''), message.model.icon, message.model.demo);
    } else if (message.type === 'notification') {
      notify(message);
    } else if (message.type === 'window') {
      const route = ROUTES[message.window];
      if (route) location.hash = '#/' + route;
    }
  });

  window.ringside = Object.freeze({
    invoke(channel, request) {
      if (!INVOKE.has(channel)) return Promise.resolve({ ok: false, error: { code: 'INVALID_REQUEST', message: 'Unknown request.' } });
      if (closed) return Promise.resolve(stopped);
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ type: 'invoke', id, channel, request: request === undefined ? {} : request });
      });
    },
    on(channel, listener) {
      if (!EVENTS.has(channel) || typeof listener !== 'function') return () => undefined;
      const set = listeners.get(channel) || new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => { set.delete(listener); };
    },
  });

  function notify(message) {
    strip.last(message.title + ': ' + message.body);
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    // A persistent alert for a failed leg stays until clicked (the browser and OS honour Do Not Disturb).
    const shown = new Notification(message.title, { body: message.body, tag: message.callId, requireInteraction: message.persistent === true });
    shown.addEventListener('click', () => {
      window.focus();
      send({ type: 'notificationClicked', callId: message.callId });
    });
  }

  const strip = (() => {
    const bar = document.createElement('div');
    bar.className = 'ringside-strip';
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'Ringside in the browser');
    const dot = document.createElement('span');
    dot.className = 'ringside-strip-dot';
    dot.setAttribute('aria-hidden', 'true');
    const summary = document.createElement('span');
    summary.className = 'ringside-strip-summary';
    summary.setAttribute('role', 'status');
    summary.textContent = 'Connecting…';
    const last = document.createElement('span');
    last.className = 'ringside-strip-last';
    last.setAttribute('aria-live', 'polite');
    const nav = document.createElement('nav');
    nav.setAttribute('aria-label', 'Ringside windows');
    for (const [label, route] of [['Call', 'popover'], ['History', 'history'], ['Settings', 'settings']]) {
      const link = document.createElement('a');
      link.href = '#/' + route;
      link.textContent = label;
      nav.append(link);
    }
    const allow = document.createElement('button');
    allow.type = 'button';
    allow.className = 'ringside-strip-button';
    allow.textContent = 'Turn on notifications';
    allow.hidden = !('Notification' in window) || Notification.permission !== 'default';
    allow.addEventListener('click', () => {
      Notification.requestPermission().then(() => { allow.hidden = Notification.permission !== 'default'; });
    });
    const note = document.createElement('span');
    note.className = 'ringside-strip-note';
    note.textContent = 'Browser edition: sign-ins are kept in memory only (use the demo, or RC_* variables).';
    bar.append(dot, summary, last, nav, allow, note);
    const mount = () => document.body.prepend(bar);
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
    return {
      summary(text, icon) {
        summary.textContent = text;
        dot.dataset.icon = icon;
      },
      last(text) {
        last.textContent = text;
      },
    };
  })();
})();
`;

/** Styled with the renderer's own colour tokens, so it follows light and dark. */
export const PAGE_STYLE = `.ringside-strip {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 4px 12px;
  padding: 6px 14px;
  background: var(--surface-2);
  border-bottom: 1px solid var(--border);
  color: var(--text);
  font-size: 12px;
}
.ringside-strip-dot {
  width: 10px;
  height: 10px;
  border-radius: 50%;
  background: var(--state-waiting);
  flex: none;
}
.ringside-strip-dot[data-icon='ringingYou'],
.ringside-strip-dot[data-icon='ringingThem'] { background: var(--state-ringing); }
.ringside-strip-dot[data-icon='connected'] { background: var(--state-connected); }
.ringside-strip-dot[data-icon='failed'] { background: var(--state-failed); }
.ringside-strip-summary { font-weight: 600; }
.ringside-strip-last { color: var(--muted); }
.ringside-strip nav { display: flex; gap: 10px; margin-left: auto; }
.ringside-strip a { color: var(--accent); }
.ringside-strip-button {
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--surface);
  padding: 2px 8px;
  cursor: pointer;
}
.ringside-strip-note { flex-basis: 100%; color: var(--muted); }
`;
