/** The sync line before any sync: free of zod, so the renderer's first chunk can use it (`history.ts` re-exports it). */
import type { SyncProgress } from './history';

export const IDLE_SYNC: Readonly<SyncProgress> = Object.freeze({
  phase: 'idle',
  fetched: 0,
  total: null,
  message: null,
  completeFrom: null,
  depthFrom: null,
  secondsLeft: null,
  requestsPerMinute: null,
});
