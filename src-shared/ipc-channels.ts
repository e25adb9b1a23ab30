/**
 * Channel names only, with no dependencies, so the sandboxed preload can check them
 * without bundling the schemas. `ipc-contract.ts` is the full contract.
 */
export const INVOKE_CHANNEL_NAMES = [
  'app.snapshot',
  'session.signInBrowser',
  'session.signInJwt',
  'session.useDemo',
  'session.signOut',
  'session.signInAgain',
  'numbers.list',
  'call.start',
  'call.cancel',
  'history.query',
  'history.detail',
  'history.export',
  'history.sync',
  'settings.update',
  'window.open',
  'dial.dismiss',
  'dial.ask',
  'call.annotation',
  'call.annotate',
  'dispositions.list',
  'dispositions.update',
  'favourites.set',
  'call.teamNote',
  'numbers.quick',
  'analytics.query',
  'analytics.export',
  'names.refresh',
  'webhooks.list',
  'webhooks.add',
  'webhooks.remove',
  'webhooks.test',
  'webhooks.retry',
  'wrapUp.finish',
  'wrapUp.skip',
  'teamBoard.open',
  'team.analytics',
  'team.analyticsExport',
  'teamArchive.get',
  'teamArchive.set',
] as const;

export const EVENT_CHANNEL_NAMES = [
  'call.updated',
  'session.changed',
  'sync.progress',
  'rate.changed',
  'settings.changed',
  'popover.prefill',
  'history.focus',
  'notice',
  'dial.request',
  'dialHotkey.status',
  'popover.showCall',
  'webhooks.changed',
  'wrapUp.changed',
  'teamBoard.changed',
] as const;

/** Electron IPC names: one prefix so nothing else in the app can be reached. */
export const ipcInvokeName = (channel: string) => `ringside:invoke:${channel}`;
export const ipcEventName = (channel: string) => `ringside:event:${channel}`;
