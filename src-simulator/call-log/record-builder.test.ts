import { describe, expect, it } from 'vitest';
import { readExample } from '../../test-support/spec-files';
import { buildOrdinaryRecord, buildRingOutRecord, toView } from './record-builder';
import { generateHistory } from './seed';
import { DEMO_ACCOUNT } from '../account/demo-account';

const realContext = { baseUrl: 'https://platform.ringcentral.com', accountId: 727097016, extensionId: 727097016 };
const john = { phoneNumber: '+16505550101', name: 'John Snow' };
const daenerys = { phoneNumber: '+12125550111', name: 'Daenerys Targaryen' };

/** Every key path of a JSON value, so two records can be compared by shape. */
function shape(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => shape(item, `${prefix}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...shape(v, `${prefix}.${k}`)]);
  }
  return [];
}

describe('buildRingOutRecord', () => {
  it('reproduces the real two-leg example exactly, key order included', () => {
    const example = readExample('call-log-ringout-two-legs.json');
    const built = buildRingOutRecord({
      ...realContext,
      id: 'L6HbCN6tB1nyDUA',
      sessionId: '575838550017',
      flavour: 'Client',
      user: john,
      other: daenerys,
      callerLeg: { startTime: '2018-11-22T08:42:05.500Z', duration: 19, result: 'Call connected' },
      calleeLeg: { startTime: '2018-11-22T08:42:05.257Z', duration: 20, result: 'Call connected' },
      lastModifiedTime: '2018-11-22T08:42:30.007Z',
    });
    expect(built).toEqual(example);
    expect(JSON.stringify(built)).toBe(JSON.stringify(example));
  });

  it('reproduces the one-leg busy example (callee never dialled)', () => {
    const example = readExample('call-log-ringout-busy-one-leg.json');
    const built = buildRingOutRecord({
      ...realContext,
      id: 'M7JcDO7uC2ozEVB',
      sessionId: '575838550931',
      flavour: 'Client',
      user: john,
      other: daenerys,
      callerLeg: { startTime: '2018-11-22T09:10:41.120Z', duration: 4, result: 'Busy' },
      lastModifiedTime: '2018-11-22T09:11:12.400Z',
    });
    expect(built).toEqual(example);
  });

  it.each([
    ['Web', 'RingOut Web', 'RingOutWebToCaller', 'RingOutWebToSubscriber'],
    ['Device', 'RingOut Mobile', 'RingOutDeviceToCaller', 'RingOutDeviceToSubscriber'],
  ] as const)('uses the %s flavour for action and leg types', (flavour, action, callerType, calleeType) => {
    const record = buildRingOutRecord({
      ...realContext,
      id: 'x',
      sessionId: '1',
      flavour,
      user: john,
      other: daenerys,
      callerLeg: { startTime: '2026-01-01T00:00:00Z', duration: 9, result: 'Call connected' },
      calleeLeg: { startTime: '2026-01-01T00:00:03Z', duration: 6, result: 'No Answer' },
      lastModifiedTime: '2026-01-01T00:01:00Z',
    });
    expect(record['action']).toBe(action);
    expect(record['result']).toBe('No Answer');
    expect((record['legs'] as Array<{ legType: string }>).map((l) => l.legType)).toEqual([calleeType, callerType]);
  });

  it('gives the Simple view without legs, billing or lastModifiedTime', () => {
    const detailed = readExample<Record<string, unknown>>('call-log-ringout-two-legs.json');
    const simple = toView(detailed, 'Simple');
    expect(simple).not.toHaveProperty('legs');
    expect(simple).not.toHaveProperty('billing');
    expect(simple).not.toHaveProperty('lastModifiedTime');
    expect(simple['uri']).toMatch(/\?view=Simple$/);
  });
});

describe('generateHistory', () => {
  const history = generateHistory({ count: 2000, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: Date.UTC(2026, 10, 24), seed: 7 });

  it('is reproducible from its seed', () => {
    const again = generateHistory({ count: 2000, baseUrl: 'https://platform.ringcentral.com', account: DEMO_ACCOUNT, until: Date.UTC(2026, 10, 24), seed: 7 });
    expect(again).toEqual(history);
  });

  it('gives two-leg RingOut records exactly the shape of the real example', () => {
    const example = readExample('call-log-ringout-two-legs.json');
    const twoLeg = history.find(
      ({ record }) => record['action'] === 'RingOut PC' && (record['legs'] as unknown[]).length === 2 && (record['to'] as { name?: string }).name,
    );
    expect(twoLeg).toBeDefined();
    expect(shape(twoLeg!.record)).toEqual(shape(example));
  });

  it('mixes outcomes, one-leg records, flavours and ordinary calls', () => {
    const records = history.map((h) => h.record);
    const actions = new Set(records.map((r) => r['action']));
    expect(actions).toEqual(new Set(['RingOut PC', 'RingOut Web', 'RingOut Mobile', 'Phone Call', 'VoIP Call']));
    const oneLeg = records.filter((r) => String(r['action']).startsWith('RingOut') && (r['legs'] as unknown[]).length === 1);
    expect(oneLeg.length).toBeGreaterThan(50);
    const results = new Set(records.map((r) => r['result']));
    for (const result of ['Call connected', 'Busy', 'No Answer', 'Rejected', 'Voicemail', 'Missed', 'International Disabled']) {
      expect(results).toContain(result);
    }
    expect(new Set(history.map((h) => h.extensionId)).size).toBe(2);
  });

  it('builds ordinary calls with one master leg that is not a RingOut leg', () => {
    const record = buildOrdinaryRecord({
      ...realContext,
      id: 'o1',
      sessionId: '2',
      direction: 'Inbound',
      action: 'Phone Call',
      result: 'Missed',
      startTime: '2026-01-01T00:00:00Z',
      duration: 0,
      from: daenerys,
      to: john,
      lastModifiedTime: '2026-01-01T00:00:30Z',
    });
    expect(record['legs']).toEqual([expect.objectContaining({ legType: 'PstnToSip', master: true, result: 'Missed' })]);
  });
});
