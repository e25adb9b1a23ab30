/** Issue 30: webhook endpoints in the archive (schema 9), their secrets only in the SecretStore. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../../src-simulator/call-log/seed';
import { DEMO_ACCOUNT } from '../../../src-simulator';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { FakeClock } from '../../../test-support/fake-clock';
import { Archive, ARCHIVE_SCHEMA_VERSION } from '../history/archive';
import { MemorySecretStore, silentLogger } from '../ports';
import { buildIntegrations } from './integrations';
import { webhookSecretKey } from './webhooks-facade';

const SECRET = 'a-very-secret-signing-key-1234';
const tempArchive = () => path.join(mkdtempSync(path.join(tmpdir(), 'ringside-webhooks-')), 'archive.sqlite');
const version = (db: DatabaseSync) => (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

function integrationsOn(archive: Archive, secrets = new MemorySecretStore()) {
  const built = buildIntegrations({ archive, secrets, clock: new FakeClock(), logger: silentLogger, rowIdOfCall: (id) => `ringside:${id}` });
  built.start();
  return { ...built, secrets };
}

describe('webhook endpoints', () => {
  it('are kept in the archive without their secret, which only the SecretStore holds, and removed with it', async () => {
    const file = tempArchive();
    const { archive } = Archive.open(file);
    const { webhooks, secrets, stop } = integrationsOn(archive);
    const seen: unknown[] = [];
    webhooks.onChanged((view) => seen.push(view));
    const added = await webhooks.add({ url: 'https://hooks.example.com/ringside', secret: SECRET, events: ['call.completed', 'call.updated'], label: 'CRM' });
    expect(added).toMatchObject({
      url: 'https://hooks.example.com/ringside',
      label: 'CRM',
      events: ['call.completed', 'call.updated'],
      pending: 0,
      inFlight: 0,
    });
    expect(JSON.stringify(added)).not.toContain(SECRET);
    expect(await secrets.get(webhookSecretKey(added.id))).toBe(SECRET);
    expect(webhooks.list().endpoints.map((e) => e.id)).toEqual([added.id]);
    expect(seen).toHaveLength(1);
    stop();
    archive.close();
    // The file on disk never holds the secret (nor does its write-ahead log).
    for (const part of ['', '-wal']) {
      try {
        expect(readFileSync(file + part).includes(SECRET)).toBe(false);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const again = Archive.open(file).archive;
    const reopened = integrationsOn(again, secrets);
    expect(reopened.webhooks.list().endpoints.map((e) => e.url)).toEqual(['https://hooks.example.com/ringside']);
    expect(await reopened.webhooks.remove(added.id)).toEqual({ removed: true });
    expect(await secrets.get(webhookSecretKey(added.id))).toBeNull();
    expect(reopened.webhooks.list()).toEqual({ endpoints: [], failed: [] });
    reopened.stop();
    again.close();
  });

  it('refuses an address that is not https (or http on this computer) and a short secret, in words', async () => {
    const { archive } = Archive.open(':memory:');
    const { webhooks, secrets, stop } = integrationsOn(archive);
    await expect(webhooks.add({ url: 'http://hooks.example.com/x', secret: SECRET, events: ['call.completed'] })).rejects.toThrow(/https:\/\//);
    await expect(webhooks.add({ url: 'https://hooks.example.com/x', secret: 'short', events: ['call.completed'] })).rejects.toThrow(/at least 16/);
    expect(await webhooks.add({ url: 'http://127.0.0.1:8080/hook', secret: SECRET, events: ['call.completed'] })).toMatchObject({
      url: 'http://127.0.0.1:8080/hook',
    });
    expect(secrets.values.size).toBe(1);
    stop();
    archive.close();
  });
});

describe('schema 9 migration', () => {
  it('opens a schema-8 archive with every call kept and adds the webhook tables', () => {
    const file = tempArchive();
    const history = generateHistory({
      count: 60,
      baseUrl: 'https://platform.ringcentral.com',
      account: DEMO_ACCOUNT,
      until: Date.UTC(2026, 10, 24),
      seed: 3,
    }).map((h) => h.record as unknown as CallLogRecord);
    const first = Archive.open(file).archive;
    first.upsertRecords(history, { 'sync.token': 'token-8' });
    const count = first.count();
    first.close();
    // Make it the previous schema's file: no webhook tables, version 8.
    const raw = new DatabaseSync(file);
    raw.exec('DROP TABLE webhook_endpoints; DROP TABLE webhook_deliveries; DROP TABLE webhook_calls; PRAGMA user_version = 8;');
    raw.close();

    const { archive, recovered, readOnly } = Archive.open(file);
    expect({ recovered, readOnly }).toEqual({ recovered: null, readOnly: null });
    expect(ARCHIVE_SCHEMA_VERSION).toBe(9);
    expect(version(archive.database)).toBe(9);
    expect(archive.count()).toBe(count);
    expect(archive.getMeta('sync.token')).toBe('token-8');
    const tables = (
      archive.database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'webhook_%' ORDER BY name").all() as Array<{ name: string }>
    ).map((t) => t.name);
    expect(tables).toEqual(['webhook_calls', 'webhook_deliveries', 'webhook_endpoints']);
    archive.close();
  });
});
