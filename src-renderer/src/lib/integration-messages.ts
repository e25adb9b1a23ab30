/**
 * Words for issue 30's screens: Settings → Integrations (webhook endpoints, failed deliveries,
 * receivers' answers) and the wrap-up step after a call. Derived when shown, like messages.ts.
 */
import type { ReceiverAnswer } from '../../../src-shared/webhooks';
import { WEBHOOK_REQUEST_TIMEOUT_SECONDS } from '../../../src-shared/webhook-timeout';
import { callCount, format } from './messages';

/** The reason phrases of the statuses receivers commonly answer with (others show the number alone). */
const HTTP_REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Words for Settings → Integrations (webhooks, failed deliveries) and the wrap-up step (issue 30). */
export const integrationMessages = {
  heading: 'Integrations',
  intro: 'Ringside posts each call to these addresses, signed with the secret you give it, and retries until the receiver accepts.',
  endpoints: 'Webhook endpoints',
  noEndpoints: 'No endpoints yet. Add one to send your calls to Zapier, Make, n8n or your own server.',
  events: { 'call.completed': 'Call completed', 'call.updated': 'Call updated (note, disposition, correction)', 'leg.changed': 'Each leg change, live' },
  eventShort: { 'call.completed': 'completed', 'call.updated': 'updated', 'leg.changed': 'leg changes' },
  pending: (n: number) => (n === 0 ? 'Nothing waiting' : `${callCount(n, { one: 'delivery', other: 'deliveries' })} waiting`),
  inFlight: (n: number) => `${format.count(n)} sending now`,
  lastDelivered: (when: string) => `Last delivered ${when}`,
  neverDelivered: 'Nothing delivered yet',
  lastDeliveredAnswer: (when: string, words: string) => `Last delivered ${when}: ${words}`,
  lastAnswer: (words: string, when: string) => `Last answer ${when}: ${words}`,
  sendTest: 'Send test',
  testing: 'Sending…',
  testAnswer: (words: string) => `Test: ${words}`,
  remove: 'Remove',
  removeAsk: (url: string, pending: number) =>
    pending > 0
      ? `Remove ${url}? Its ${callCount(pending, { one: 'waiting delivery is', other: 'waiting deliveries are' })} dropped.`
      : `Remove ${url}? Ringside stops sending to it.`,
  removeConfirm: 'Remove endpoint',
  keep: 'Keep it',
  removed: 'Endpoint removed.',
  add: {
    heading: 'Add an endpoint',
    url: 'Address (URL)',
    urlPlaceholder: 'https://hooks.example.com/ringside',
    secret: 'Signing secret',
    secretHelp: (min: number) =>
      `At least ${min} characters. The receiver checks each delivery's signature with it; Ringside keeps it in your system's keychain and never shows it again.`,
    generate: 'Generate',
    generated: 'Copy this secret into your receiver now: it is not shown again after you add the endpoint.',
    copy: 'Copy',
    copied: 'Copied',
    events: 'Send',
    label: 'Name (optional)',
    labelPlaceholder: 'e.g. CRM logging',
    submit: 'Add endpoint',
    adding: 'Adding…',
    added: (url: string) => `Added ${url}. Send a test to check the receiver.`,
  },
  failed: {
    heading: 'Failed deliveries',
    empty: 'No failed deliveries: every event reached its receiver or is still being tried.',
    intro: 'Ringside stopped retrying these. Fix the receiver, then Retry: it gets the same idempotency key, so a repeat can be dropped.',
    retry: 'Retry',
    retrying: 'Retrying…',
    queued: 'Queued again.',
    call: (party: string) => `Call with ${party}`,
    unknownCall: 'A call',
    attempts: (n: number) => callCount(n, { one: 'attempt', other: 'attempts' }),
    parked: (when: string) => `gave up ${when}`,
    to: (endpoint: string) => `to ${endpoint}`,
    columns: { event: 'Event', call: 'Call', endpoint: 'Endpoint', attempts: 'Attempts', parked: 'Gave up', answer: 'Last answer' },
  },
  /** A receiver's answer as a person reads it: "answered 500 Internal Server Error: …", "no answer within 10 s". */
  answer(answer: ReceiverAnswer | null, timeoutSeconds: number = WEBHOOK_REQUEST_TIMEOUT_SECONDS): string {
    if (!answer) return 'no answer yet';
    if (answer.status === null) {
      switch (answer.failure) {
        case 'timeout':
          return `no answer within ${timeoutSeconds} s`;
        case 'refused':
          return 'refused the connection (nothing listening at that address)';
        case 'tls':
          return 'the secure connection failed (its certificate was not accepted)';
        default:
          return 'could not be reached (network error)';
      }
    }
    const reason = HTTP_REASONS[answer.status];
    const head = `answered ${answer.status}${reason ? ` ${reason}` : ''}`;
    const excerpt = answer.bodyExcerpt.replace(/\s+/g, ' ').trim();
    return excerpt && answer.status >= 300 ? `${head}: ${excerpt.length > 120 ? `${excerpt.slice(0, 119)}…` : excerpt}` : head;
  },
  /** Whether the receiver accepted (2xx): the words get the success colour. */
  accepted: (answer: ReceiverAnswer | null) => answer !== null && answer.status !== null && answer.status >= 200 && answer.status < 300,
  wrapUpSetting: {
    heading: 'Wrap-up',
    mode: 'After each call',
    modes: { off: 'Nothing', ask: 'Offer a wrap-up (can be skipped)', require: 'Require a wrap-up before the next call' },
    seconds: 'Wrap-up time (seconds)',
    secondsHelp: (min: number, max: number) =>
      `Pick a disposition and write a note before the countdown ends (${min}–${max} s). Webhooks report the call when you are done, or when the time is up.`,
    secondsRange: (min: number, max: number) => `Choose between ${min} and ${max} seconds.`,
  },
  wrapUp: {
    heading: 'Wrap-up',
    left: (time: string) => `${time} left`,
    timerLabel: (time: string) => `Wrap-up time left: ${time}`,
    disposition: 'Disposition',
    chooseDisposition: 'Choose…',
    none: 'No disposition',
    note: 'Note',
    notePlaceholder: 'What was agreed, what comes next…',
    done: 'Done',
    finishing: 'Saving…',
    skip: 'Skip',
    shortcut: 'Ctrl+Enter: Done',
    needsDisposition: 'Choose a disposition first: a wrap-up is required after each call.',
    required: 'Required before your next call.',
    optional: 'Optional: Skip if there is nothing to add.',
    timeUp: 'Time is up: the call was reported without a wrap-up.',
    savedLate: 'Time was up, so your note was saved to the call afterwards.',
    blocked: (who: string, time: string) => `Finish the wrap-up of your call with ${who} first (${time} left).`,
    blockedLastCall: (time: string) => `Finish the wrap-up of your last call first (${time} left).`,
    back: 'Back to the wrap-up',
    pendingLink: (time: string) => `Wrap-up of your last call: ${time} left`,
  },
};
