import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './protocol';

describe('the browser edition envelope', () => {
  it('accepts an invoke (the contract checks channel and request later) and a notification click', () => {
    expect(parseClientMessage('{"type":"invoke","id":3,"channel":"call.start","request":{"to":"+12125550101"}}')).toEqual({
      type: 'invoke',
      id: 3,
      channel: 'call.start',
      request: { to: '+12125550101' },
    });
    expect(parseClientMessage('{"type":"notificationClicked","callId":"c1"}')).toEqual({ type: 'notificationClicked', callId: 'c1' });
  });

  it.each([
    ['not JSON', 'invoke app.snapshot'],
    ['an unknown type', '{"type":"eval","code":"1"}'],
    ['no id', '{"type":"invoke","channel":"app.snapshot","request":{}}'],
    ['a negative id', '{"type":"invoke","id":-1,"channel":"app.snapshot","request":{}}'],
    ['a channel that is not a string', '{"type":"invoke","id":1,"channel":5,"request":{}}'],
    ['extra fields', '{"type":"invoke","id":1,"channel":"app.snapshot","request":{},"sender":"main"}'],
    ['an empty call id', '{"type":"notificationClicked","callId":""}'],
    ['a bare array', '[1,2]'],
  ])('refuses %s', (_what, raw) => {
    expect(parseClientMessage(raw)).toBeNull();
  });
});
