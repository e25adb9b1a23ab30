/**
 * IPC fuzz suite: malformed payloads over every invoke channel, through the same
 * never-throwing dispatcher the shell uses. Nothing may throw, no handler may run on a bad
 * payload, and every string a window can send has a length limit that is enforced.
 */
import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { INVOKE_CHANNELS, invokeSchemas, type InvokeChannel } from '../../src-shared/ipc-contract';
import { silentLogger } from '../core/ports';
import { dispatchInvoke, type HandlerTable } from './ipc-handlers';

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every string field of a schema, by path, with its maximum length (null: no limit). */
function stringFields(schema: z.ZodType, at: string[] = []): Array<{ path: string[]; max: number | null }> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [{ path: at, max: (schema as unknown as { maxLength: number | null }).maxLength }];
    case 'optional':
    case 'nullable':
    case 'default':
      return stringFields(def.innerType!, at);
    case 'object':
      return Object.entries((schema as unknown as { shape: Record<string, z.ZodType> }).shape).flatMap(([key, field]) => stringFields(field, [...at, key]));
    case 'array':
      return stringFields(def.element!, [...at, '0']);
    default:
      return [];
  }
}

function withValue(path: string[], value: unknown): unknown {
  let out: unknown = value;
  for (const key of [...path].reverse()) out = key === '0' ? [out] : { [key]: out };
  return out;
}

/** A payload each channel accepts, so only the fuzzed part is wrong. */
const VALID: Record<InvokeChannel, Record<string, unknown>> = {
  'app.snapshot': {},
  'teamBoard.open': {},
  'session.signInBrowser': { kind: 'custom', customUrl: 'https://platform.example.com', clientId: 'app' },
  'session.signInJwt': { kind: 'custom', customUrl: 'https://platform.example.com', clientId: 'app', jwt: 'j'.repeat(20), clientSecret: 's' },
  'session.useDemo': {},
  'session.signOut': {},
  'session.signInAgain': {},
  'numbers.list': {},
  'call.start': { to: '+12125550100', from: '+16505550198', callerId: '+16505550100', playPrompt: false },
  'call.cancel': { id: 'call-1' },
  'history.query': { search: 'alex', limit: 10 },
  'history.detail': { id: 'call-1' },
  'history.export': { filter: { search: 'alex' }, format: 'csv' },
  'history.sync': {},
  'settings.update': {
    ringMeAt: '+16505550198',
    callerId: '+16505550100',
    defaultCountry: 'US',
    globalShortcut: 'Alt+Shift+R',
    redirectUri: 'http://127.0.0.1:37219/callback',
  },
  'window.open': { window: 'history', callId: 'call-1' },
  'dial.dismiss': {},
  'dial.ask': { number: '+12125550101' },
  'call.annotation': { id: 'call-1' },
  'call.annotate': { ref: { callId: 'call-1' }, annotation: { note: 'Asked for a call back', disposition: 'Call back' } },
  'dispositions.list': {},
  'dispositions.update': { dispositions: ['Reached', 'Call back'] },
  'favourites.set': { number: '+12125550101', favourite: true },
  'call.teamNote': { id: 'call-1' },
  'numbers.quick': {},
  'analytics.query': { from: 0, to: 86_400_000, utcOffsetMinutes: 60 },
  'analytics.export': { from: 0, to: 86_400_000, utcOffsetMinutes: -300 },
  'names.refresh': {},
  'webhooks.list': {},
  'webhooks.add': { url: 'https://hooks.example.com/ringside', secret: 's'.repeat(24), events: ['call.completed'], label: 'CRM' },
  'webhooks.remove': { id: 'wh_1' },
  'webhooks.test': { id: 'wh_1' },
  'webhooks.retry': { id: 'dlv_1' },
  'wrapUp.finish': { callId: 'call-1', annotation: { note: 'Sent the quote', disposition: 'Reached' } },
  'wrapUp.skip': { callId: 'call-1' },
  'team.analytics': { from: 0, to: 86_400_000, utcOffsetMinutes: 60 },
  'team.analyticsExport': { request: { from: 0, to: 86_400_000, utcOffsetMinutes: 60 }, table: 'failed' },
  'teamArchive.get': {},
  'teamArchive.set': { url: null, password: null },
};

const JUNK: unknown[] = [
  null,
  undefined,
  0,
  -1,
  Number.NaN,
  Infinity,
  true,
  'text',
  '',
  [],
  [{}],
  () => 1,
  Symbol('s'),
  10n,
  { bogus: true },
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  { to: ['+12125550100'] },
  { id: { nested: [1, 2] } },
  { filter: 'all', format: 'xml' },
  { window: 'devtools' },
  { jwt: 'x'.repeat(20_000) },
  { kind: 'custom', customUrl: 'javascript:alert(1)' },
  { theme: 'dark', extra: 1 },
  { limit: 1e9 },
  { offset: -1 },
  { from: '2026-01-01' },
  new Array(100_000).fill('x'),
  { search: 'x'.repeat(1_000_000) },
  'x'.repeat(5_000_000),
];

function deep(levels: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function label(payload: unknown): string {
  try {
    return String(JSON.stringify(payload) ?? typeof payload).slice(0, 40);
  } catch {
    return typeof payload;
  }
}

function stubTable() {
  return Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => ({ ok: 'handled' }))])) as unknown as HandlerTable &
    Record<InvokeChannel, ReturnType<typeof vi.fn>>;
}

describe('IPC fuzz: every channel, malformed payloads', () => {
  it('the valid payloads are valid (so the fuzz below tests what it says)', async () => {
    const table = stubTable();
    for (const channel of INVOKE_CHANNELS) {
      expect(await dispatchInvoke(table, channel, VALID[channel], silentLogger), channel).toEqual({ ok: true, value: { ok: 'handled' } });
    }
  });

  it('answers junk, deep nesting and pollution attempts with INVALID_REQUEST, never a throw, never a handler call', async () => {
    const table = stubTable();
    let sent = 0;
    for (const channel of INVOKE_CHANNELS) {
      const payloads = [...JUNK, deep(5000), ...Object.keys(VALID[channel]).map((key) => ({ ...VALID[channel], [key]: { $gt: '' } }))];
      for (const payload of payloads) {
        const answer = await dispatchInvoke(table, channel, payload, silentLogger);
        sent++;
        // No payload at all is read as {}: fine where every field is optional.
        if ((payload === null || payload === undefined) && invokeSchemas[channel].safeParse({}).success) continue;
        expect(answer, `${channel} ${label(payload)}`).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      }
    }
    expect(sent).toBeGreaterThan(14 * 30);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    for (const channel of INVOKE_CHANNELS) {
      for (const call of table[channel].mock.calls) expect(call[0], channel).toEqual(expect.any(Object));
    }
  });

  it('unknown and inherited channel names are refused', async () => {
    const table = stubTable();
    for (const name of ['shell.openExternal', '__proto__', 'constructor', 'toString', '', 42, null]) {
      expect(await dispatchInvoke(table, name, {}, silentLogger)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
  });
});

describe('IPC fuzz: length limits', () => {
  const fields = INVOKE_CHANNELS.flatMap((channel) => stringFields(invokeSchemas[channel]).map((field) => ({ channel, ...field })));

  it('every string a window can send has a maximum length', () => {
    expect(fields.length).toBeGreaterThan(10);
    expect(fields.filter((f) => f.max === null).map((f) => `${f.channel}:${f.path.join('.')}`)).toEqual([]);
  });

  it('each limit is enforced: one character over is refused before any handler runs', async () => {
    const table = stubTable();
    for (const { channel, path, max } of fields) {
      const payload = { ...VALID[channel], ...(withValue(path, '1'.repeat(max! + 1)) as object) };
      if (path.length > 1 && path[0] === 'filter')
        Object.assign(payload, { filter: { ...(VALID[channel]['filter'] as object), ...(withValue(path.slice(1), '1'.repeat(max! + 1)) as object) } });
      const answer = await dispatchInvoke(table, channel, payload, silentLogger);
      expect(answer, `${channel}:${path.join('.')} at ${max! + 1}`).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    for (const channel of INVOKE_CHANNELS) expect(table[channel], channel).not.toHaveBeenCalled();
  });
});
