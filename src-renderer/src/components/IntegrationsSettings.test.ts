/** Issue 30: Settings → Integrations (endpoints, Add, Remove, Send test) and the failed deliveries list. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../../test-support/fake-bridge';
import type { FailedDeliveryView, IntegrationsView, WebhookEndpointView } from '../../../src-shared/webhooks';
import { RingsideClient } from '../lib/ringside-client';
import { integrationMessages } from '../lib/integration-messages';
import { generateSecret, IntegrationsState } from '../state/integrations-state.svelte';
import IntegrationsSettings from './IntegrationsSettings.svelte';

const NOW = Date.now();
const endpoint = (patch: Partial<WebhookEndpointView> = {}): WebhookEndpointView => ({
  id: 'ep-1',
  url: 'https://hooks.example.com/ringside',
  label: 'CRM logging',
  events: ['call.completed', 'call.updated'],
  createdAt: NOW - 86_400_000,
  pending: 2,
  inFlight: 0,
  lastDeliveredAt: NOW - 5 * 60_000,
  lastAnswer: { at: NOW - 5 * 60_000, status: 200, failure: null, bodyExcerpt: 'ok' },
  ...patch,
});
const failed = (patch: Partial<FailedDeliveryView> = {}): FailedDeliveryView => ({
  id: 'fd-1',
  endpointId: 'ep-1',
  endpointUrl: 'https://hooks.example.com/ringside',
  event: 'call.completed',
  idempotencyKey: 'key-1',
  callId: 'call-1',
  party: 'Jordan Rivera',
  attempts: 8,
  createdAt: NOW - 3 * 3_600_000,
  parkedAt: NOW - 2 * 3_600_000,
  lastAnswer: { at: NOW - 2 * 3_600_000, status: 500, failure: null, bodyExcerpt: 'database is down' },
  ...patch,
});

function setup(view: IntegrationsView = { endpoints: [], failed: [] }) {
  let current = structuredClone(view);
  const bridge = new FakeBridge(
    {},
    {
      'webhooks.list': () => ({ ok: true, value: current }),
      'webhooks.add': (request) => {
        const input = request as { url: string; events: WebhookEndpointView['events']; label: string | null };
        const added = endpoint({ id: 'ep-new', url: input.url, label: input.label, events: input.events, pending: 0, lastDeliveredAt: null, lastAnswer: null });
        current = { ...current, endpoints: [...current.endpoints, added] };
        return { ok: true, value: added };
      },
      'webhooks.remove': () => ({ ok: true, value: { removed: true } }),
      'webhooks.test': () => ({ ok: true, value: { answer: { at: NOW, status: 401, failure: null, bodyExcerpt: 'bad signature' } } }),
      'webhooks.retry': () => ({ ok: true, value: { queued: true } }),
    },
  );
  const client = new RingsideClient(bridge);
  const integrations = new IntegrationsState(client);
  render(IntegrationsSettings, { client, integrations });
  return { bridge, integrations };
}

const requests = (bridge: FakeBridge, channel: string) => bridge.calls.filter((c) => c.channel === channel).map((c) => c.request);

describe('Settings → Integrations: endpoints', () => {
  it('lists each endpoint: name, address, events, what waits, the last delivery and answer in words', async () => {
    setup({ endpoints: [endpoint()], failed: [] });
    const row = await screen.findByRole('listitem', { name: 'CRM logging' });
    expect(row.textContent).toContain('https://hooks.example.com/ringside');
    expect(row.textContent).toContain('completed');
    expect(row.textContent).toContain('2 deliveries waiting');
    expect(row.textContent).toContain('Last delivered 5 minutes ago: answered 200 OK');
    expect(row.textContent).not.toContain('leg changes');
  });

  it('a later failed answer is said apart from the last delivery; an endpoint without a name goes by its host', async () => {
    setup({
      endpoints: [
        endpoint({ label: null, lastAnswer: { at: NOW - 60_000, status: null, failure: 'timeout', bodyExcerpt: '' } }),
        endpoint({ id: 'ep-2', label: 'New one', lastDeliveredAt: null, lastAnswer: null, pending: 0 }),
      ],
      failed: [],
    });
    const row = await screen.findByRole('listitem', { name: 'https://hooks.example.com/ringside' });
    expect(within(row).getByText('hooks.example.com')).toBeTruthy();
    expect(row.textContent).toContain('Last delivered 5 minutes ago');
    expect(row.textContent).toContain('Last answer 1 minute ago: no answer within 15 s');
    const fresh = screen.getByRole('listitem', { name: 'New one' });
    expect(fresh.textContent).toContain('Nothing delivered yet');
    expect(fresh.textContent).toContain('Nothing waiting');
  });

  it('Add refuses with the schema’s own words beside each field, and sends nothing', async () => {
    const { bridge } = setup();
    await screen.findByText(integrationMessages.noEndpoints);
    await fireEvent.input(screen.getByLabelText('Address (URL)'), { target: { value: 'http://hooks.example.com/x' } });
    await fireEvent.input(screen.getByLabelText('Signing secret'), { target: { value: 'short' } });
    await fireEvent.click(screen.getByLabelText('Call completed'));
    await fireEvent.click(screen.getByLabelText('Call updated (note, disposition, correction)'));
    await fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText('A webhook address must start with https:// (http:// only for this computer).')).toBeTruthy();
    expect(screen.getByText('The secret needs at least 16 characters.')).toBeTruthy();
    expect(screen.getByText('Choose at least one event.')).toBeTruthy();
    expect(screen.getByLabelText('Address (URL)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Address (URL)').getAttribute('aria-describedby')).toBe('endpoint-url-error');
    expect(document.activeElement).toBe(screen.getByLabelText('Address (URL)'));
    expect(requests(bridge, 'webhooks.add')).toEqual([]);
    // What was typed is kept, and fixing a field clears its complaint.
    expect((screen.getByLabelText('Address (URL)') as HTMLInputElement).value).toBe('http://hooks.example.com/x');
    await fireEvent.input(screen.getByLabelText('Address (URL)'), { target: { value: 'http://127.0.0.1:9/hook' } });
    expect(screen.queryByText(/must start with https/)).toBeNull();
  });

  it('Generate makes a 32-character secret shown once to copy; after Add it is gone and never shown again', async () => {
    const { bridge } = setup();
    await screen.findByText(integrationMessages.noEndpoints);
    const secretField = screen.getByLabelText('Signing secret') as HTMLInputElement;
    expect(secretField.type).toBe('password');
    expect((screen.getByLabelText('Each leg change, live') as HTMLInputElement).checked).toBe(false);
    await fireEvent.input(screen.getByLabelText('Address (URL)'), { target: { value: 'https://hooks.example.com/new' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    const secret = secretField.value;
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(secretField.type).toBe('text');
    expect(screen.getByText(/Copy this secret into your receiver now/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Name (optional)'), { target: { value: 'Zapier' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    await waitFor(() =>
      expect(requests(bridge, 'webhooks.add')).toEqual([
        { url: 'https://hooks.example.com/new', secret, events: ['call.completed', 'call.updated'], label: 'Zapier' },
      ]),
    );
    expect(await screen.findByRole('listitem', { name: 'Zapier' })).toBeTruthy();
    expect(secretField.value).toBe('');
    expect(secretField.type).toBe('password');
    expect(document.body.textContent).not.toContain(secret);
  });

  it('Remove asks first (naming what waits); Keep it leaves the endpoint, Remove endpoint removes it', async () => {
    const { bridge } = setup({ endpoints: [endpoint()], failed: [] });
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove CRM logging' }));
    const ask = screen.getByRole('alertdialog');
    expect(ask.textContent).toContain('Remove CRM logging? Its 2 waiting deliveries are dropped.');
    await fireEvent.click(within(ask).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(requests(bridge, 'webhooks.remove')).toEqual([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove CRM logging' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Remove endpoint' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'CRM logging' })).toBeNull());
    expect(requests(bridge, 'webhooks.remove')).toEqual([{ id: 'ep-1' }]);
  });

  it('Send test shows what the receiver answered', async () => {
    const { bridge } = setup({ endpoints: [endpoint()], failed: [] });
    await fireEvent.click(await screen.findByRole('button', { name: 'Send test' }));
    expect(await screen.findByText('Test: answered 401 Unauthorized: bad signature')).toBeTruthy();
    expect(requests(bridge, 'webhooks.test')).toEqual([{ id: 'ep-1' }]);
  });
});

describe('Settings → Integrations: failed deliveries', () => {
  it('says so when there are none', async () => {
    setup({ endpoints: [endpoint()], failed: [] });
    expect(await screen.findByText(integrationMessages.failed.empty)).toBeTruthy();
  });

  it('lists each parked delivery with the receiver’s last answer in words; Retry queues it again and it leaves the list', async () => {
    const { bridge, integrations } = setup({ endpoints: [endpoint()], failed: [failed(), failed({ id: 'fd-2', party: '+12125550100', lastAnswer: null })] });
    const row = await screen.findByRole('listitem', { name: 'call.completed, Call with Jordan Rivera' });
    expect(row.textContent).toContain('to CRM logging');
    expect(row.textContent).toContain('8 attempts');
    expect(row.textContent).toContain('gave up 2 hours ago');
    expect(row.textContent).toContain('answered 500 Internal Server Error: database is down');
    expect(screen.getByRole('listitem', { name: 'call.completed, Call with +1 212 555 0100' }).textContent).toContain('no answer yet');
    await fireEvent.click(within(row).getByRole('button', { name: /^Retry/ }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'call.completed, Call with Jordan Rivera' })).toBeNull());
    expect(requests(bridge, 'webhooks.retry')).toEqual([{ id: 'fd-1' }]);
    expect(integrations.failed.map((f) => f.id)).toEqual(['fd-2']);
  });

  it('a refused Retry keeps the row and says why; main’s event updates the list', async () => {
    const { bridge } = setup({ endpoints: [endpoint()], failed: [failed()] });
    bridge.answers['webhooks.retry'] = () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'That delivery is no longer parked.' } });
    const row = await screen.findByRole('listitem', { name: 'call.completed, Call with Jordan Rivera' });
    await fireEvent.click(within(row).getByRole('button', { name: /^Retry/ }));
    expect(await within(row).findByText('That delivery is no longer parked.')).toBeTruthy();
    bridge.emit('webhooks.changed', { endpoints: [endpoint()], failed: [] });
    expect(await screen.findByText(integrationMessages.failed.empty)).toBeTruthy();
  });
});

describe('a receiver’s answer in words', () => {
  const answer = integrationMessages.answer;
  it('words each kind of answer', () => {
    expect(answer({ at: 0, status: 500, failure: null, bodyExcerpt: '  boom\n trace ' })).toBe('answered 500 Internal Server Error: boom trace');
    expect(answer({ at: 0, status: 429, failure: null, bodyExcerpt: '' })).toBe('answered 429 Too Many Requests');
    expect(answer({ at: 0, status: 204, failure: null, bodyExcerpt: 'ignored' })).toBe('answered 204 No Content');
    expect(answer({ at: 0, status: 599, failure: null, bodyExcerpt: 'x' })).toBe('answered 599: x');
    expect(answer({ at: 0, status: null, failure: 'timeout', bodyExcerpt: '' })).toBe('no answer within 15 s');
    expect(answer({ at: 0, status: null, failure: 'refused', bodyExcerpt: '' })).toBe('refused the connection (nothing listening at that address)');
    expect(answer({ at: 0, status: null, failure: 'network', bodyExcerpt: '' })).toBe('could not be reached (network error)');
    expect(answer({ at: 0, status: null, failure: 'tls', bodyExcerpt: '' })).toBe('the secure connection failed (its certificate was not accepted)');
    expect(answer({ at: 0, status: 502, failure: null, bodyExcerpt: 'y'.repeat(300) })).toHaveLength('answered 502 Bad Gateway: '.length + 120);
  });

  it('generated secrets are 32 characters of the alphabet, and differ', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(generateSecret()).not.toBe(a);
    // Bytes past the last whole alphabet (248..255) are drawn again, never folded onto the first letters.
    let round = 0;
    const secret = generateSecret((bytes) => bytes.fill(round++ === 0 ? 250 : 0));
    expect(secret).toBe('A'.repeat(32));
  });
});
