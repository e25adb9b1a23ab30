/**
 * Every string the renderer shows, in one place (ready for translation). Dates, times,
 * durations and counts go through Intl.
 */
import { LEG_STATES, legState, type LegState } from '../../../src-shared/leg-state';
import { LEG_SHORT } from '../../../src-shared/leg-labels';
import type { TrackedCall } from '../../../src-shared/calls';
import { talkSeconds } from '../../../src-shared/call-phases';
import { clockDuration, countdownClock } from '../../../src-shared/clock-duration';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

const capitalise = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

export const messages = {
  appName: 'Ringside',
  demoBadge: 'Demo',
  serverBadge: { sandbox: 'Sandbox', custom: 'Custom server' },
  demoExplain: 'Demo mode: calls go to the built-in simulator. Nobody is really called.',
  you: 'You',
  them: 'Them',
  /** A leg's state as a label ("No answer"): the tray's short words, capitalised. */
  legState: Object.fromEntries(LEG_STATES.map((state) => [state, capitalise(LEG_SHORT[state])])) as Record<LegState, string>,
  legHint: {
    caller: {
      waiting: 'Asking RingCentral to call you…',
      ringing: 'Your phone is ringing. Answer it to be connected.',
      connected: 'You answered.',
      ended: 'Your phone stopped ringing; RingCentral has not said why yet.',
    } as Partial<Record<LegState, string>>,
    callee: {
      waiting: 'Dialled once you answer.',
      ringing: 'Their phone is ringing.',
      connected: 'They answered. You are connected.',
      notCalled: 'Not dialled, because your phone did not answer.',
      ended: 'Their phone stopped ringing; RingCentral has not said why yet.',
    } as Partial<Record<LegState, string>>,
  },
  /** The same hints once the call is over: in the past tense (see `legHint`). */
  legHintOver: {
    caller: {
      waiting: 'Your phone was not rung.',
      ringing: 'Your phone rang; the call log will say how it ended.',
      connected: 'You answered.',
      ended: 'Your phone stopped ringing; RingCentral has not said why yet.',
    } as Partial<Record<LegState, string>>,
    callee: {
      waiting: 'Not dialled as far as Ringside saw; the call log will say.',
      ringing: 'Their phone rang; the call log will say how it ended.',
      connected: 'They answered. The call has ended.',
      voicemail: 'Their voicemail answered. The call has ended.',
      notCalled: 'Not dialled, because your phone did not answer.',
      ended: 'Their phone stopped ringing; RingCentral has not said why yet.',
    } as Partial<Record<LegState, string>>,
  },
  popover: {
    numberLabel: 'Number to call',
    numberPlaceholder: 'e.g. (212) 555-0100',
    ringMeAt: 'Ring me at',
    ringMeAtCustom: 'Another number…',
    ringMeAtCustomLabel: 'Your phone number',
    callerId: 'They see',
    callerIdDefault: 'Account default',
    playPrompt: 'Ask me to press 1 before connecting',
    call: 'Call',
    calling: 'Calling…',
    cancel: 'Cancel',
    cancelling: 'Cancelling…',
    hangUp: 'Hang up',
    ending: 'Ending…',
    endingHint: 'Asked RingCentral to end the call; waiting for it to confirm.',
    newCall: 'New call',
    recent: 'Recent',
    history: 'History',
    settings: 'Settings',
    liveRegionCall: (who: string, leg: string, state: string) => `${who}: ${leg} ${state}`,
    confirmed: 'Confirmed by the call log',
    awaitingConfirmation: 'Leg outcomes: waiting for the call log to confirm…',
    ended: (time: string, talk: string | null) => (talk ? `Ended ${time} · ${talk} talk` : `Ended ${time}`),
    ownVoicemail:
      'Your own voicemail answered, so they were never called: answer your phone before its voicemail picks up, or choose another phone under "Ring me at".',
    callAgain: 'Call again',
    callAgainTitle: (who: string) => `Call ${who} again (asks to confirm first)`,
    confirmFromAgain: 'Calling again',
    confirmFromRecent: 'From your favourites and recents',
    confirmFromPaste: 'From the text you pasted',
    confirmFromAddress: 'From the address of this page',
    confirmWait: 'Read it first: keys are ignored for a moment.',
    noNumberIn: (text: string) => `No phone number found in "${text}". Correct it below.`,
    notOfferedShort: (count: number) => (count === 1 ? '1 phone not offered: why?' : `${count} phones not offered: why?`),
    hangUpAsk: (who: string) => `Hang up on ${who}? This cannot be undone.`,
    keepCall: 'Keep the call',
    endShortcut: 'Ends the call. Shortcut: Ctrl+Shift+E (⌘⇧E on a Mac); during a conversation it asks first.',
    escHint: 'Esc closes this window; the call goes on.',
    notConfirmed: 'Not confirmed',
    notYetLogged: 'Not yet in the call log; the next history sync confirms it',
    since: (duration: string) => `for ${duration}`,
    confirmTitle: (number: string) => `Call ${number}?`,
    confirmHint: 'Press Enter or click Call to call, Esc to cancel.',
    confirmRoute: (ring: string, shown: string) => `RingCentral rings ${ring} first; they see ${shown}.`,
    confirmFromLink: 'From a link you clicked',
    confirmFromHotkey: 'From the text you selected',
    confirmExtension: (digits: string) => `Extension ${digits}: dial it on your phone once they answer (RingOut cannot send it).`,
    confirmCall: (number: string) => `Call ${number}`,
    notAllowed: 'not allowed',
    ringMeAtNotAllowed: (labels: string) => `Not offered: ${labels}.`,
    signedOut: 'Sign in to place calls.',
    signIn: 'Sign in',
    needsSignIn: 'Signed out by RingCentral',
    needsSignInExplain:
      'RingCentral ended this session (another sign-in to the same app, a password change or an administrator). Your calls and history are kept.',
    signInAgain: 'Sign in again',
  },
  history: {
    title: 'Call history',
    search: 'Search numbers or names',
    range: { label: 'When', today: 'Today', week: 'Last 7 days', month: 'Last 30 days', all: 'All time' },
    direction: { label: 'Direction', any: 'All directions', Outbound: 'Outgoing', Inbound: 'Incoming' },
    outcome: { label: 'Outcome (either leg)', any: 'Any outcome' },
    ringOutOnly: 'RingOut only',
    exportCsv: 'Export CSV',
    exportJson: 'Export JSON',
    exported: (rows: number, path: string) => `Exported ${callCount(rows)} to ${path}.`,
    sync: 'Sync now',
    syncing: 'Syncing…',
    syncIncremental: 'Checking for new calls…',
    syncError: (message: string) => `Sync paused: ${message}`,
    rateWait: (seconds: string) => `Waiting ${seconds} s for RingCentral's rate limit. Nothing is lost; Ringside continues by itself.`,
    count: (shown: number) => callCount(shown),
    empty: 'No calls match these filters.',
    emptyAll: 'No calls yet. They appear here once RingCentral has them.',
    selectPrompt: 'Select a call to see both legs.',
    closeDetail: 'Back to the list',
    detailLabel: 'Call details',
    legs: 'Legs',
    legColumns: { leg: 'Leg', start: 'Start', duration: 'Duration', result: 'Outcome' },
    callerLeg: 'You · your phone',
    calleeLeg: 'Them · their phone',
    otherLeg: 'Leg',
    /** A leg that is not one of RingOut's two: where it went. */
    legRoute: (from: string, to: string) => `${from} → ${to}`,
    rawLegs: 'As RingCentral logged it',
    rawColumns: { type: 'Leg type', from: 'From', to: 'To', result: 'Result' },
    callAgain: 'Call again',
    timeline: 'Live timeline',
    noLegs: 'This record has no leg details.',
    directionOut: 'Outgoing',
    directionIn: 'Incoming',
    ringOut: 'RingOut',
  },
  signIn: {
    title: 'Sign in to RingCentral',
    intro: 'Ringside places RingOut calls with your RingCentral account and shows both legs of every call.',
    browser: 'Sign in with RingCentral',
    browserWaiting: 'Finish signing in in your browser…',
    server: 'Server',
    servers: { production: 'RingCentral', sandbox: 'Developer sandbox', custom: 'Custom server' },
    customUrl: 'Server address',
    clientId: 'App client ID',
    jwtTitle: 'Sign in with a JWT (admins)',
    jwt: 'JWT credential',
    clientSecret: 'App client secret',
    jwtSubmit: 'Sign in with JWT',
    demo: 'Try the demo',
    demoExplain: 'No account needed: a built-in simulator plays RingCentral, with sample history.',
    or: 'or',
    usingDemo: 'You are using the demo. Sign in to call with your own RingCentral account.',
    switching: (name: string) => `Signing in here replaces the current account (${name}).`,
    signedOutByRingCentral: 'Signed out by RingCentral. Sign in again to continue; your calls and history are kept.',
    redirectTitle: 'Redirect URI to register',
    redirectExplain: 'Your RingCentral app must list exactly this OAuth redirect URI, or RingCentral refuses the sign-in. Change it in Settings.',
    copy: 'Copy',
    copied: 'Copied',
    guideTitle: 'Set up your RingCentral app',
    guide: [
      'In the RingCentral developer console (developers.ringcentral.com), create a REST API app for a desktop platform (Mac, Windows, Linux) with the 3-legged OAuth flow (authorization code).',
      'Under OAuth Redirect URI, add the redirect URI above exactly.',
      'Application scopes: RingOut (place calls), ReadCallLog (confirm outcomes, history), ReadAccounts (your name and phones), CallControl (hang up, live call events), WebSocketSubscription (live events).',
      'Without a client secret, Ringside signs in with PKCE (recommended for a desktop app). An app that has a secret works too: set RC_CLIENT_SECRET.',
      "For scripts and the command line, an admin can use JWT credentials instead: RC_JWT, with the app's authorization set to JWT auth flow.",
    ],
    /** For the settings window's account section only: never on a screen that asks to sign in. */
    signedInAs: (name: string) => `Signed in as ${name}`,
  },
  settings: {
    title: 'Settings',
    calling: 'Calling',
    defaultCountry: 'Country for numbers without +',
    ringMeAt: 'Ring me at (default)',
    ringMeAtFirst: 'First phone of my account allowed to ring first',
    callerId: 'Caller ID (default)',
    playPrompt: 'Ask me to press 1 before connecting',
    notifications: 'Notifications',
    mute: 'Mute all notifications',
    legChanges: 'Each time a leg changes',
    failures: 'Missed and failed calls',
    notificationMode: 'Notify me',
    notificationModes: { every: 'Every leg change', outcomes: 'Only outcomes (answered, busy, no answer…)', none: 'Never' },
    persistentFailures: 'Keep alerts for failed legs on screen until I click them',
    doNotDisturb: 'Do Not Disturb or Focus on your computer holds these back, as the system decides; Ringside cannot read that setting.',
    dialHotkey: 'Dial-the-selection shortcut',
    dialHotkeyHelp:
      'Select a phone number anywhere (on Windows and macOS: copy it), press this, then Enter to call. Click the field and press the keys to change it.',
    app: 'App',
    shortcut: 'Quick-dial shortcut',
    shortcutHelp: 'Opens Ringside from anywhere. Click the field and press the keys, for example Ctrl+Shift+R.',
    shortcutRecording: 'Press the keys…',
    shortcutNone: 'None',
    shortcutClear: 'Clear',
    launchAtLogin: 'Open Ringside at login',
    notInBrowser:
      'In the browser edition there are no keyboard shortcuts outside the page, no opening at login and no phone-link handling: paste a number into the page, or open it with ?dial=NUMBER in the address.',
    telLinks: 'Phone links',
    telLinksOff: 'Phone links (tel: and callto:) open in the app your system chose.',
    telLinksOn: 'Ringside opens phone links (tel: and callto:).',
    telLinksTake: 'Open phone links with Ringside',
    telLinksGiveBack: 'Stop opening phone links with Ringside',
    theme: 'Appearance',
    themes: { system: 'System', light: 'Light', dark: 'Dark' },
    account: 'Account',
    signOut: 'Sign out',
    leaveDemo: 'Leave the demo',
    redirectUri: 'Sign-in redirect URI',
    redirectUriHelp: (fallback: string) => `Register exactly this URI in your RingCentral app. Leave empty for ${fallback}.`,
    redirectUriFromEnv: 'Set by RC_REDIRECT_URI, which wins over this setting.',
    saved: 'Saved',
    history: 'History',
    historyDepth: 'History goes back',
    historyDepths: { '30': '30 days', '90': '90 days', '180': '6 months', '365': '12 months', all: 'Everything RingCentral keeps' },
    historyDepthOther: (days: number) => `${days} days`,
    historyDepthHint:
      'Going further back later fetches only the older calls, never what is already here; at 10 history requests a minute (250 calls each) a busy year can take most of an hour.',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
  },
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const sameYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const otherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const count = new Intl.NumberFormat();
const plural = new Intl.PluralRules('en');

/** "1 call", "2 calls", "1,234 calls". */
export function callCount(n: number, noun: { one: string; other: string } = { one: 'call', other: 'calls' }): string {
  return `${count.format(n)} ${plural.select(n) === 'one' ? noun.one : noun.other}`;
}

export const format = {
  dateTime: (value: string | number) => dateTime.format(new Date(value)),
  /** Compact, for list rows: "Nov 24, 3:02 PM", or "Nov 24, 2025" for another year. */
  listDate(value: string | number): string {
    const date = new Date(value);
    return date.getFullYear() === new Date().getFullYear() ? sameYear.format(date) : otherYear.format(date);
  },
  time: (value: string | number) => time.format(new Date(value)),
  count: (value: number) => count.format(value),
  /** 75 -> "1:15", 3700 -> "1:01:40". */
  duration(seconds: number | null): string {
    if (seconds === null || !Number.isFinite(seconds)) return '—';
    return clockDuration(seconds);
  },
  /** A call-log result in words ("Call connected" → "Answered"); one this build has no word for, as RingCentral wrote it. */
  outcome(result: string | null | undefined): string {
    if (!result) return '—';
    const state = legState(result);
    return state === 'unknown' ? result : messages.legState[state];
  },
  phone(value: string | null | undefined): string {
    if (!value) return '—';
    const parsed = parsePhoneNumberFromString(value);
    return parsed ? parsed.formatInternational() : value;
  },
};

/** The hint under a leg's state: what is happening while the call is live, what happened once it is over. */
export function legHint(leg: 'caller' | 'callee', state: LegState, over: boolean): string | null {
  return (over ? messages.legHintOver : messages.legHint)[leg][state] ?? null;
}

/** "Ended 10:16:30 · 0:20 talk" for a call that is over (null while it is live, or when it was never placed). */
export function endedLine(call: Pick<TrackedCall, 'phase' | 'endedAt' | 'connectedAt'>): string | null {
  if (call.endedAt === null || call.phase === 'placing' || call.phase === 'live' || call.phase === 'failed') return null;
  const talk = talkSeconds(call);
  return messages.popover.ended(format.time(call.endedAt), talk === null ? null : format.duration(talk));
}

/** The server to name next to the title when it is neither demo mode nor RingCentral's production. */
export function otherServer(session: { demo: boolean; status: string; server?: string }): string | null {
  if (session.demo || session.status === 'signedOut' || !session.server) return null;
  return /^https:\/\/platform\.ringcentral\.com\/?$/.test(session.server) ? null : session.server;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday": a past moment relative to `now`, worded when shown. */
export function ago(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds > -45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes > -60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

/** "0:42" left of a countdown (never below zero). */
export const countdown = countdownClock;
