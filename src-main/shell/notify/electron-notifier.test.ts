import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Notification, resetElectronMock } from '../../../test-support/electron-mock';
import { ElectronNotifier } from './electron-notifier';

describe('ElectronNotifier', () => {
  beforeEach(resetElectronMock);

  it('shows one native notification per call, silent unless a leg failed, and opens the call on click', () => {
    const onClick = vi.fn();
    const notifier = new ElectronNotifier(onClick);
    notifier.show({ callId: 'c1', title: 'Call to Jordan', body: 'You answered', failure: false });
    notifier.show({ callId: 'c1', title: 'Call to Jordan', body: 'Their line is busy', failure: true });
    expect(Notification.instances.map((n) => [n.options.body, n.options.silent, n.shown])).toEqual([
      ['You answered', true, true],
      ['Their line is busy', false, true],
    ]);
    Notification.instances[1]!.emit('click');
    expect(onClick).toHaveBeenCalledWith('c1');
  });

  it('keeps a persistent alert on screen until clicked (timeoutType never, critical urgency on Linux)', () => {
    const notifier = new ElectronNotifier(vi.fn());
    notifier.show({ callId: 'c1', title: 'Call to Jordan', body: 'Their line is busy', failure: true, persistent: true });
    notifier.show({ callId: 'c1', title: 'Call to Jordan', body: 'You answered', failure: false });
    expect(Notification.instances.map((n) => [n.options.timeoutType, n.options.urgency])).toEqual([
      ['never', 'critical'],
      [undefined, undefined],
    ]);
  });

  it('takes back a tagged notification still on screen, and nothing once it has closed', () => {
    const notifier = new ElectronNotifier(vi.fn());
    notifier.show({ callId: 'c1', title: 'Wrap up your call with Jordan — 1:30', body: 'b', failure: false, tag: 'wrap-up:c1' });
    notifier.show({ callId: 'c1', title: 'Call to Jordan', body: 'You answered', failure: false });
    notifier.withdraw('wrap-up:c1');
    expect(Notification.instances.map((n) => n.close.mock.calls.length)).toEqual([1, 0]);
    notifier.show({ callId: 'c2', title: 'Wrap up your call with Sam — 1:30', body: 'b', failure: false, tag: 'wrap-up:c2' });
    Notification.instances[2]!.emit('close');
    notifier.withdraw('wrap-up:c2');
    notifier.withdraw('wrap-up:c9');
    expect(Notification.instances[2]!.close).not.toHaveBeenCalled();
  });

  it('does nothing where notifications are not supported', () => {
    Notification.isSupported.mockReturnValueOnce(false);
    new ElectronNotifier(vi.fn()).show({ callId: 'c', title: 't', body: 'b', failure: false });
    expect(Notification.instances).toHaveLength(0);
  });
});
