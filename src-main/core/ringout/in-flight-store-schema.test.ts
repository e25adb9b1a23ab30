import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackedCallSchema } from '../../../src-shared/calls';
import { newCall } from './call-machine';
import { JsonFileInFlightStore } from './in-flight-store';

const call = (id: string) => newCall({ id, to: '+12125550100', from: '+16505550198', callerId: null, playPrompt: false }, 1);

function fileWith(calls: unknown[]): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-inflight-schema-'));
  const file = path.join(dir, 'in-flight-calls.json');
  writeFileSync(file, JSON.stringify({ version: 1, calls }));
  return { dir, file };
}

describe('calls in progress read back from disk', () => {
  it('a call as the tracker saves it passes the schema, with a field a newer version added kept', () => {
    const saved = { ...call('a'), fromTheFuture: 'kept' };
    expect(trackedCallSchema.parse(saved)).toEqual(saved);
  });

  it('a corrupt call is reported clearly, the readable ones go on, and the whole file is kept aside', async () => {
    const broken = { ...call('b'), phase: 'exploded', caller: { state: 'ringing' } };
    const { dir, file } = fileWith([call('a'), broken]);
    const problems: string[] = [];
    const store = new JsonFileInFlightStore(file, (message) => problems.push(message));
    expect((await store.load()).map((c) => c.id)).toEqual(['a']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^The file of calls in progress has 1 of 2 calls that are not readable \(call 2: phase .*caller\.raw/);
    const aside = readdirSync(dir).find((f) => f.startsWith('in-flight-calls.json.unreadable-'))!;
    expect(problems[0]).toContain(`it is kept as ${path.join(dir, aside)}`);
    // Nothing lost: the copy aside still holds the damaged call, even after the store writes again.
    await store.save(call('c'));
    expect(JSON.parse(readFileSync(path.join(dir, aside), 'utf8')).calls[1]).toEqual(broken);
    expect((await new JsonFileInFlightStore(file).load()).map((c) => c.id)).toEqual(['a', 'c']);
  });

  it('a file that is not JSON says so and starts empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-inflight-schema-'));
    const file = path.join(dir, 'in-flight-calls.json');
    writeFileSync(file, '{"calls": [ {"id": "half-writ');
    const problems: string[] = [];
    expect(await new JsonFileInFlightStore(file, (message) => problems.push(message)).load()).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^The file of calls in progress is not valid JSON .*it is kept as .*unreadable-/)]);
  });

  it('a readable file says nothing', async () => {
    const { file } = fileWith([call('a')]);
    const problems: string[] = [];
    expect((await new JsonFileInFlightStore(file, (message) => problems.push(message)).load()).map((c) => c.id)).toEqual(['a']);
    expect(problems).toEqual([]);
  });
});
