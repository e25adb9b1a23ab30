/**
 * The script the browser edition adds to the built renderer's page (served as a file: the
 * CSP allows only 'self' scripts). It provides `window.ringside = { invoke, on }`, the same
 * surface as the preload, over the local WebSocket, and stands in for Electron's window
 * system: a status strip (the tray's summary of both legs, links between the windows),
 * page notifications (permission asked from a click), and window requests as routes.
 * JavaScript in a string: it runs in the page as is, with no bundler in between; the bridge
 * itself is the preload's (src-shared/bridge-core.ts), sent as its source.
 */
import { bridgeSource } from '../../src-shared/bridge-core';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from '../../src-shared/ipc-channels';
import { CLOSE_NOT_AUTHENTICATED, ROUTE_OF_WINDOW, SOCKET_PATH } from './protocol';
import { TICKET_PARAM } from './security';

export const PAGE_SCRIPT_PATH = '/ringside-browser.js';
export const PAGE_STYLE_PATH = '/ringside-browser.css';

export const PAGE_SCRIPT = `(() => {
  'use strict';
  const ROUTES = ${JSON.stringify(ROUTE_OF_WINDOW)};
  // The renderer hides what only the desktop app can do (launch at login, phone links, hotkeys).
  document.documentElement.dataset.edition = 'browser';
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
      strip.update(message.model);
    } else if (message.type === 'notification') {
      notify(message);
    } else if (message.type === 'withdrawNotification') {
      const shown = tagged.get(message.tag);
      tagged.delete(message.tag);
      if (shown) shown.close();
    } else if (message.type === 'window') {
      const route = ROUTES[message.window];
      if (route) location.hash = '#/' + route;
    } else if (message.type === 'download') {
      download(message);
    }
  });

  const createBridge = ${bridgeSource()};
  window.ringside = createBridge({
    invoke(channel, request) {
      if (closed) return Promise.resolve(stopped);
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ type: 'invoke', id, channel, request });
      });
    },
    listen(channel, deliver) {
      const set = listeners.get(channel) || new Set();
      set.add(deliver);
      listeners.set(channel, set);
      return () => { set.delete(deliver); };
    },
  }, ${JSON.stringify(INVOKE_CHANNEL_NAMES)}, ${JSON.stringify(EVENT_CHANNEL_NAMES)});

  /** An export: the browser downloads it (to the user's Downloads, asking where if so set). */
  function download(message) {
    const link = document.createElement('a');
    link.href = message.url;
    link.download = message.name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
  }

  /** What the renderer would hear from main: the strip's "Call again" asks to confirm, as a link does. */
  function deliver(channel, payload) {
    const set = listeners.get(channel);
    if (set) for (const listener of [...set]) { try { listener(payload); } catch (error) { console.error(error); } }
  }

  // Reminders that may be taken back (a wrap-up that ended), by their tag.
  const tagged = new Map();
  function notify(message) {
    strip.last(message.title + ': ' + message.body);
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    // A persistent alert for a failed leg stays until clicked (the browser and OS honour Do Not Disturb).
    const shown = new Notification(message.title, { body: message.body, tag: message.tag || message.callId, requireInteraction: message.persistent === true });
    if (message.tag) tagged.set(message.tag, shown);
    shown.addEventListener('click', () => {
      window.focus();
      send({ type: 'notificationClicked', callId: message.callId });
    });
  }

  const strip = (() => {
    const element = (tag, className, text) => {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    };
    const bar = element('div', 'ringside-strip');
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'Ringside in the browser');
    const dot = element('span', 'ringside-strip-dot');
    dot.setAttribute('aria-hidden', 'true');
    const summary = element('span', 'ringside-strip-summary', 'Connecting…');
    summary.setAttribute('role', 'status');
    const demo = element('span', 'ringside-strip-demo', 'Demo');
    demo.title = 'Demo mode: calls go to the built-in simulator. Nobody is really called.';
    demo.hidden = true;
    const last = element('span', 'ringside-strip-last');
    last.setAttribute('aria-live', 'polite');
    // The tray's sync line ("History since … · n of about m calls · … left"), as the tray menu shows it.
    const sync = element('span', 'ringside-strip-sync');
    sync.hidden = true;
    const actions = element('span', 'ringside-strip-actions');
    const end = element('button', 'ringside-strip-button ringside-strip-end');
    end.type = 'button';
    end.hidden = true;
    let endId = null;
    end.addEventListener('click', () => {
      if (!endId) return;
      end.disabled = true;
      window.ringside.invoke('call.cancel', { id: endId }).then((answer) => {
        if (!answer.ok) last.textContent = answer.error.message;
      });
    });
    const again = element('button', 'ringside-strip-button');
    again.type = 'button';
    again.hidden = true;
    let againNumber = null;
    again.addEventListener('click', () => {
      if (!againNumber) return;
      location.hash = '#/popover';
      // The popover asks to confirm (number, route), exactly as for a link: never a call on one click.
      deliver('dial.request', { kind: 'number', source: 'again', number: againNumber, extension: null, text: againNumber });
    });
    const signInAgain = element('button', 'ringside-strip-button', 'Sign in again');
    signInAgain.type = 'button';
    signInAgain.hidden = true;
    signInAgain.addEventListener('click', () => {
      window.ringside.invoke('session.signInAgain', {}).then((answer) => {
        if (!answer.ok) last.textContent = answer.error.message;
      });
    });
    actions.append(end, again, signInAgain);
    const nav = document.createElement('nav');
    nav.setAttribute('aria-label', 'Ringside windows');
    const links = {};
    for (const [label, route] of [['Call', 'popover'], ['History', 'history'], ['Analytics', 'analytics'], ['Team board', 'team-board'], ['Settings', 'settings'], ['Sign in', 'signin']]) {
      const link = document.createElement('a');
      link.href = '#/' + route;
      link.textContent = label;
      links[route] = link;
      nav.append(link);
    }
    const allow = element('button', 'ringside-strip-button', 'Notifications');
    allow.type = 'button';
    allow.title = 'Turn on notifications for call changes';
    allow.hidden = !('Notification' in window) || Notification.permission !== 'default';
    allow.addEventListener('click', () => {
      Notification.requestPermission().then(() => { allow.hidden = Notification.permission !== 'default'; });
    });
    // One line: what used to be a permanent second line is the edition label's explanation.
    const edition = element('span', 'ringside-strip-note', 'Browser edition');
    edition.tabIndex = 0;
    edition.title = 'Browser edition: sign-ins are kept in memory only (use the demo, or RC_* variables).';
    edition.setAttribute('aria-label', edition.title);
    bar.append(dot, summary, demo, last, actions, sync, nav, allow, edition);
    const mount = () => document.body.prepend(bar);
    if (document.body) mount();
    else document.addEventListener('DOMContentLoaded', mount, { once: true });
    const format = (number, names) => names[number] || number;
    return {
      summary(text, icon) {
        summary.textContent = text;
        dot.dataset.icon = icon;
      },
      update(model) {
        summary.textContent = model.tooltip.replace(/^Ringside( \\(demo\\))?: /, '');
        dot.dataset.icon = model.trouble && model.icon === 'idle' ? 'trouble' : model.icon;
        demo.hidden = !model.demo;
        sync.hidden = !model.syncLine;
        sync.textContent = model.syncLine || '';
        sync.title = model.syncLine || '';
        endId = model.liveCall && model.liveCall.id;
        end.hidden = !model.liveCall;
        if (model.liveCall) {
          end.textContent = model.liveCall.endLabel;
          end.disabled = !model.liveCall.cancellable;
        }
        againNumber = model.signedIn && !model.liveCall && model.recentNumbers.length > 0 ? model.recentNumbers[0] : null;
        again.hidden = !againNumber;
        if (againNumber) {
          again.textContent = 'Call again';
          again.title = 'Call ' + format(againNumber, model.recentNames) + ' again (asks to confirm first)';
          again.setAttribute('aria-label', again.title);
        }
        signInAgain.hidden = !/Signed out by RingCentral/.test(model.tooltip);
        // Signed in for real: no sign-in link. In the demo it leads to signing in with a real account.
        links.signin.hidden = model.signedIn && !model.demo;
        links.signin.textContent = model.demo ? 'Sign in with your account' : 'Sign in';
        links.history.hidden = links.analytics.hidden = !model.signedIn;
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
  flex-wrap: nowrap;
  align-items: center;
  gap: 10px;
  padding: 5px 14px;
  background: var(--surface-2);
  border-bottom: 1px solid var(--border);
  color: var(--text);
  font-size: 12px;
  white-space: nowrap;
  overflow-x: auto;
}
.ringside-strip-dot {
  width: 10px;
  height: 10px;
  border-radius: 50%;
  background: var(--state-waiting);
  flex: none;
}
.ringside-strip-dot[data-icon='ringingYou'],
.ringside-strip-dot[data-icon='ringingThem'],
.ringside-strip-dot[data-icon='trouble'] { background: var(--state-ringing); }
.ringside-strip-dot[data-icon='connected'] { background: var(--state-connected); }
.ringside-strip-dot[data-icon='failed'] { background: var(--state-failed); }
.ringside-strip-summary { font-weight: 600; }
.ringside-strip-demo {
  padding: 1px 8px;
  border-radius: 999px;
  background: var(--tint-ringing);
  font-weight: 600;
}
.ringside-strip-last { color: var(--muted); overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 1 1 0; }
.ringside-strip-actions { display: flex; gap: 6px; }
.ringside-strip-sync { color: var(--muted); overflow: hidden; text-overflow: ellipsis; min-width: 0; max-width: 64ch; }
.ringside-strip nav { display: flex; gap: 10px; margin-left: auto; }
.ringside-strip a { color: var(--accent); }
.ringside-strip [hidden] { display: none; }
.ringside-strip-button {
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--surface);
  padding: 2px 8px;
  cursor: pointer;
}
.ringside-strip-end { border-color: var(--danger); color: var(--danger); }
.ringside-strip-note { color: var(--muted); text-decoration: underline dotted; cursor: help; }
@media (max-width: 760px) {
  .ringside-strip-last, .ringside-strip-note, .ringside-strip-sync { display: none; }
}
`;
