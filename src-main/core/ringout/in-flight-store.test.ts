import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCall } from './call-machine';
import { JsonFileInFlightStore } from './in-flight-store';

const call = (id: string) => newCall({ id, to: '+12125550100', from: '+16505550198', callerId: null, playPrompt: false }, 1);

describe('JsonFileInFlightStore', () => {
  it('keeps calls across instances and removes finished ones', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-inflight-')), 'calls.json');
    const store = new JsonFileInFlightStore(file);
    await store.save(call('a'));
    await store.save(call('b'));
    await store.remove('a');
    expect((await new JsonFileInFlightStore(file).load()).map((c) => c.id)).toEqual(['b']);
    expect(readdirSync(path.dirname(file))).toEqual(['calls.json']);
  });

  it('sets an unreadable file aside instead of losing it, and starts empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-inflight-'));
    const file = path.join(dir, 'calls.json');
    writeFileSync(file, '{"calls": [ {"id": "half-writ');
    const store = new JsonFileInFlightStore(file);
    expect(await store.load()).toEqual([]);
    const aside = readdirSync(dir).find((f) => f.startsWith('calls.json.unreadable-'))!;
    expect(readFileSync(path.join(dir, aside), 'utf8')).toContain('half-writ');
    await store.save(call('c'));
    expect((await new JsonFileInFlightStore(file).load()).map((c) => c.id)).toEqual(['c']);
  });
});
