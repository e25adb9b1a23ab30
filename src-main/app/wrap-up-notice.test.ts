/** The wrap-up notification's words (issue 30), made when it is shown; and one per wrap-up. */
import { expect, it } from 'vitest';
import type { TrackedCall } from '../../src-shared/calls';
import type { CallNotification } from '../core/index';
import { wrapUpNotification, WrapUpNotices } from './wrap-up-notice';

const NOW = Date.UTC(2026, 11, 3, 15, 0, 0);
const call = (toName: string | null) => ({ id: 'c1', to: '+12125550100', toName }) as TrackedCall;

it('names the other party (or their number), the time left and whether the step is required', () => {
  expect(wrapUpNotification({ callId: 'c1', mode: 'ask', until: NOW + 59_200 }, call('Dana Whitfield'), NOW)).toEqual({
    callId: 'c1',
    title: 'Wrap up your call with Dana Whitfield — 1:00',
    body: 'Choose a disposition and write a note, or skip it.',
    failure: false,
    tag: 'wrap-up:c1',
  });
  expect(wrapUpNotification({ callId: 'c1', mode: 'require', until: NOW + 90_000 }, call(null), NOW)).toMatchObject({
    title: 'Wrap up your call with +1 212 555 0100 — 1:30',
    body: 'Choose a disposition and write a note: required before your next call.',
  });
  expect(wrapUpNotification({ callId: 'c9', mode: 'ask', until: NOW - 5 }, undefined, NOW).title).toBe('Wrap up your last call — 0:00');
});

it('announces each wrap-up once as it starts, again only for a later wrap-up of another call, never when muted', () => {
  const shown: CallNotification[] = [];
  let muted = false;
  const notices = new WrapUpNotices(
    { show: (n) => void shown.push(n), withdraw: () => {} },
    () => call('Dana'),
    () => muted,
    () => NOW,
  );
  const first = { callId: 'c1', mode: 'ask' as const, until: NOW + 60_000 };
  notices.changed([first]);
  notices.changed([first]);
  notices.changed([first, { callId: 'c2', mode: 'ask', until: NOW + 60_000 }]);
  expect(shown.map((n) => n.callId)).toEqual(['c1', 'c2']);
  notices.changed([]);
  muted = true;
  notices.changed([{ callId: 'c3', mode: 'ask', until: NOW + 60_000 }]);
  expect(shown).toHaveLength(2);
});

it('takes a wrap-up reminder back when that wrap-up ends, and only that one', () => {
  const shown: string[] = [];
  const withdrawn: string[] = [];
  const notices = new WrapUpNotices(
    { show: (n) => void shown.push(n.tag!), withdraw: (tag) => void withdrawn.push(tag) },
    () => call('Dana'),
    () => false,
    () => NOW,
  );
  const c1 = { callId: 'c1', mode: 'ask' as const, until: NOW + 60_000 };
  const c2 = { callId: 'c2', mode: 'require' as const, until: NOW + 60_000 };
  notices.changed([c1, c2]);
  expect(withdrawn).toEqual([]);
  notices.changed([c2]);
  expect(withdrawn).toEqual(['wrap-up:c1']);
  notices.changed([]);
  expect(withdrawn).toEqual(['wrap-up:c1', 'wrap-up:c2']);
  expect(shown).toEqual(['wrap-up:c1', 'wrap-up:c2']);
});
