import { describe, expect, it } from 'vitest';
import { IDLE_SYNC, type SyncProgress } from './history';
import { fillWords, localeSyncFormats, syncLine, timeLeftWords } from './sync-words';

const formats = localeSyncFormats('en-GB');
// Noon UTC: the same calendar day in every time zone a test machine is likely to use.
const DEC_3_2025 = Date.UTC(2025, 11, 3, 12);
const filling = (over: Partial<SyncProgress>): SyncProgress => ({ ...IDLE_SYNC, phase: 'initial', ...over });

describe('timeLeftWords', () => {
  it.each([
    [0, 'less than a minute'],
    [59, 'less than a minute'],
    [60, 'about 1 min'],
    [89, 'about 1 min'],
    [720, 'about 12 min'],
    [2100, 'about 35 min'],
    [3500, 'about 1 h'],
    [4200, 'about 1 h 10 min'],
    [4300, 'about 1 h 10 min'],
    [7200, 'about 2 h'],
  ])('%i s reads "%s"', (seconds, words) => expect(timeLeftWords(seconds)).toBe(words));
});

describe('syncLine', () => {
  it('says where history is complete from when idle, in the locale given', () => {
    expect(syncLine({ ...IDLE_SYNC, completeFrom: DEC_3_2025 }, formats)).toBe('History since 3 Dec 2025');
    expect(syncLine({ ...IDLE_SYNC, completeFrom: DEC_3_2025 }, localeSyncFormats('en-US'))).toBe('History since Dec 3, 2025');
  });

  it('says nothing before the first page', () => {
    expect(syncLine(IDLE_SYNC, formats)).toBeNull();
  });

  it('while filling: counts, time left, and the rate limit when asked for', () => {
    const progress = filling({ completeFrom: DEC_3_2025, fetched: 1234, total: 5000, secondsLeft: 720, requestsPerMinute: 10 });
    expect(syncLine(progress, formats)).toBe('History since 3 Dec 2025 · 1,234 of about 5,000 calls · about 12 min left');
    expect(syncLine(progress, formats, { rateNote: true })).toBe(
      'History since 3 Dec 2025 · 1,234 of about 5,000 calls · about 12 min left (RingCentral allows 10 history requests a minute)',
    );
  });

  it('leaves out the parts RingCentral has not told yet', () => {
    expect(syncLine(filling({ fetched: 0 }), formats, { rateNote: true })).toBe('Downloading history · 0 calls');
    expect(fillWords(filling({ fetched: 1, total: null, secondsLeft: 30, requestsPerMinute: null }), formats, { rateNote: true })).toBe(
      '1 call · less than a minute left',
    );
  });

  it('counts calls, not records: the records expected scaled by the share that made calls so far', () => {
    // 1,000 records read made 700 calls (two-record RingOuts): about 3,500 calls of 5,000 records.
    expect(fillWords(filling({ fetched: 1000, total: 5000, calls: 700 }), formats)).toBe('700 of about 3,500 calls');
    expect(fillWords(filling({ fetched: 0, total: 5000, calls: 0 }), formats)).toBe('0 of about 5,000 calls');
    expect(fillWords(filling({ fetched: 1000, total: null, calls: 700 }), formats)).toBe('700 calls');
  });

  it('past the estimate, the count alone', () => {
    expect(fillWords(filling({ fetched: 5200, total: 5000 }), formats)).toBe('5,200 calls');
  });

  it('an incremental sync or an error adds no fill words', () => {
    expect(syncLine({ ...IDLE_SYNC, phase: 'incremental', fetched: 3, completeFrom: DEC_3_2025 }, formats)).toBe('History since 3 Dec 2025');
    expect(fillWords({ ...IDLE_SYNC, phase: 'error', message: 'x' }, formats)).toBeNull();
  });
});
