import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock';
import { SubscriptionStore, normalizeFilter } from './subscriptions';

function storeAt(start: number, alive: () => boolean) {
  let now = start;
  const clock = new SimClock(1, () => now);
  const store = new SubscriptionStore(clock, alive);
  return { store, advance: (ms: number) => (now += ms) };
}

describe('SubscriptionStore', () => {
  const input = {
    accountId: 1,
    extensionId: 2,
    eventFilters: ['/restapi/v1.0/account/~/extension/~/telephony/sessions'],
    transportType: 'WebSocket' as const,
    wsSessionId: 's1',
  };

  it('replaces ~ with the account and extension ids', () => {
    expect(normalizeFilter('/restapi/v1.0/account/~/extension/~/telephony/sessions', 1, 2)).toBe('/restapi/v1.0/account/1/extension/2/telephony/sessions');
  });

  it('lets a subscription lapse at its expiry once its WebSocket session is gone', () => {
    const { store, advance } = storeAt(0, () => false);
    const subscription = store.create({ ...input, expiresIn: 60 });
    advance(59_000);
    expect(store.get(subscription.id)).not.toBeNull();
    advance(2_000);
    expect(store.get(subscription.id)).toBeNull();
  });

  it('renewal pushes the expiry back', () => {
    const { store, advance } = storeAt(0, () => false);
    const subscription = store.create({ ...input, expiresIn: 60 });
    advance(50_000);
    store.renew(subscription.id);
    advance(50_000);
    expect(store.get(subscription.id)).not.toBeNull();
    expect(store.delete(subscription.id)).toBe(true);
    expect(store.get(subscription.id)).toBeNull();
  });

  it('keeps WebSocket subscriptions alive while their session is connected', () => {
    const { store, advance } = storeAt(0, () => true);
    const subscription = store.create({ ...input, expiresIn: 60 });
    advance(3_600_000);
    expect(store.get(subscription.id)).not.toBeNull();
    expect(store.matching(['/restapi/v1.0/account/1/extension/2/telephony/sessions'])).toHaveLength(1);
    expect(store.matching(['/restapi/v1.0/account/1/extension/3/telephony/sessions'])).toHaveLength(0);
  });
});
