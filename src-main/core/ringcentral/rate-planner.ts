import type { Clock } from '../ports';
import { httpResponseOf } from './api-error';
import { DEFAULT_LIMITS, DEFAULT_WINDOW_MS, OPERATIONS, type OperationId, type ThrottlingGroup } from './operations';
import { ServerTime } from './server-time';
import { Emitter, type Event } from '../../../src-shared/emitter';

/** User actions first (place/cancel a call), then live call tracking, then history sync. */
export type Priority = 'user' | 'live' | 'sync';
const RANK: Record<Priority, number> = { user: 0, live: 1, sync: 2 };

/**
 * Slots of each group's window kept free for higher priorities, so a call can be placed
 * while a history sync is running. One Heavy slot is kept for placing and cancelling calls.
 */
const RESERVED: Record<ThrottlingGroup, Record<Priority, number>> = {
  Light: { user: 0, live: 2, sync: 4 },
  Medium: { user: 0, live: 1, sync: 2 },
  Heavy: { user: 0, live: 1, sync: 1 },
  Auth: { user: 0, live: 1, sync: 1 },
};

/**
 * A kept slot may be lent to a lower priority when the window frees its next slot within this
 * share of the window: a call placed meanwhile then waits at most that long (1.8 s of a 60 s
 * window), while a long history sync is not held to 9 of 10 Heavy requests a minute.
 */
const LEND_WITHIN = 0.03;

/**
 * The server counts a request when it arrives, some time after we send it and before we read
 * its answer; we cannot see when. A request is therefore counted from the moment its answer
 * comes (or its failure): whatever the delays on the way (a busy CPU, network jitter), the
 * next request that takes its slot leaves more than a window after it arrived, so no window of
 * the server's ever holds more than the limit. The price: every answer's latency is added to
 * the time its slot stays taken (bench/README.md).
 */
const MAX_RATE_LIMIT_RETRIES = 5;
const MAX_UNAVAILABLE_RETRIES = 3;

export interface GroupState {
  limit: number;
  windowMs: number;
  /** Requests we may still send in the current window (our count, corrected by the server's). */
  remaining: number;
  /** Set while the group is blocked by a 429 penalty. */
  blockedUntil: number | null;
}

export interface PlannerState {
  queued: Record<Priority, number>;
  groups: Record<ThrottlingGroup, GroupState>;
  /** The soonest time a queued request can go, when all are waiting; null when none waits. */
  waitingUntil: number | null;
  /** 429s received since start: the planner exists to keep this at zero. */
  rateLimitHits: number;
}

interface Group {
  limit: number;
  windowMs: number;
  /** Answer times of the requests counted in the window, oldest first. */
  sent: number[];
  /** Requests sent and not yet answered: each holds a slot until a window after its answer. */
  inFlight: number;
  blockedUntil: number;
  windowLearnt: boolean;
}

interface Job {
  operation: OperationId;
  group: ThrottlingGroup;
  priority: Priority;
  request: () => Promise<Response>;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
  notBefore: number;
  rateLimitRetries: number;
  unavailableRetries: number;
  seq: number;
}

/** The error the SDK throws for a non-2xx answer carries the Response. */
function responseOf(error: unknown): Response | null {
  return httpResponseOf(error);
}

const GROUP_NAMES = new Map<string, ThrottlingGroup>((Object.keys(DEFAULT_LIMITS) as ThrottlingGroup[]).map((name) => [name.toLowerCase(), name]));

/** The group an answer names in X-Rate-Limit-Group, whatever its capitalisation ("heavy"). */
export function throttlingGroupNamed(header: string | null | undefined): ThrottlingGroup | null {
  return header ? (GROUP_NAMES.get(header.trim().toLowerCase()) ?? null) : null;
}

/** How long an answer (429, 503) asks to wait, in ms: its Retry-After in seconds, fractions kept. */
export function retryAfterMs(response: Response, fallbackMs: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs;
}

/**
 * Every RingCentral request goes through here. The planner knows each operation's group,
 * learns limits and windows from the X-Rate-Limit-* headers, sends by priority, keeps a
 * sliding-window count per group so it never sends a request the server would refuse, and
 * honours Retry-After on 429 and 503 by waiting and retrying instead of failing.
 */
export class RatePlanner {
  private readonly groups: Record<ThrottlingGroup, Group>;
  private readonly queue: Job[] = [];
  private readonly changed = new Emitter<PlannerState>();
  readonly onChange: Event<PlannerState> = this.changed.event;
  private wakeTimer: (() => void) | null = null;
  private wakeAt = Number.POSITIVE_INFINITY;
  private seq = 0;
  private rateLimitHits = 0;
  /** RingCentral's clock, learnt from the Date header of every answer. */
  readonly serverTime: ServerTime;

  constructor(private readonly clock: Clock) {
    this.serverTime = new ServerTime(clock);
    const group = (name: ThrottlingGroup): Group => ({
      limit: DEFAULT_LIMITS[name],
      windowMs: DEFAULT_WINDOW_MS,
      sent: [],
      inFlight: 0,
      blockedUntil: 0,
      windowLearnt: false,
    });
    this.groups = { Light: group('Light'), Medium: group('Medium'), Heavy: group('Heavy'), Auth: group('Auth') };
  }

  run(operation: OperationId, priority: Priority, request: () => Promise<Response>): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      this.queue.push({
        operation,
        group: OPERATIONS[operation].group,
        priority,
        request,
        resolve,
        reject,
        notBefore: 0,
        rateLimitRetries: 0,
        unavailableRetries: 0,
        seq: this.seq++,
      });
      this.pump();
    });
  }

  /** The window of a group in ms as the server last told it (scales with the simulator). */
  windowMs(group: ThrottlingGroup): number {
    return this.groups[group].windowMs;
  }

  limit(group: ThrottlingGroup): number {
    return this.groups[group].limit;
  }

  /** Requests of a group that can still go in the current window. */
  remaining(group: ThrottlingGroup): number {
    const state = this.groups[group];
    this.prune(state, this.clock.now());
    return Math.max(0, state.limit - this.used(state));
  }

  /**
   * Drops the queued requests of one priority, rejecting each with `reason`: on stop, a sync
   * waiting for a Heavy slot must not hold the app open for a whole rate window.
   */
  cancelQueued(priority: Priority, reason: Error): number {
    const dropped = this.queue.filter((job) => job.priority === priority);
    for (const job of dropped) this.queue.splice(this.queue.indexOf(job), 1);
    for (const job of dropped) job.reject(reason);
    this.pump();
    return dropped.length;
  }

  state(): PlannerState {
    const now = this.clock.now();
    const queued = { user: 0, live: 0, sync: 0 };
    for (const job of this.queue) queued[job.priority]++;
    const groups = {} as Record<ThrottlingGroup, GroupState>;
    for (const [name, group] of Object.entries(this.groups) as Array<[ThrottlingGroup, Group]>) {
      this.prune(group, now);
      groups[name] = {
        limit: group.limit,
        windowMs: group.windowMs,
        remaining: Math.max(0, group.limit - this.used(group)),
        blockedUntil: group.blockedUntil > now ? group.blockedUntil : null,
      };
    }
    return { queued, groups, waitingUntil: this.queue.length > 0 && Number.isFinite(this.wakeAt) ? this.wakeAt : null, rateLimitHits: this.rateLimitHits };
  }

  /** Slots taken: answered within the window, or still in flight. */
  private used(group: Group): number {
    return group.sent.length + group.inFlight;
  }

  /** When the i-th taken slot (oldest first) leaves the window: never known while it is in flight. */
  private freedAt(group: Group, index: number): number {
    return index < group.sent.length ? group.sent[index]! + group.windowMs + 1 : Number.POSITIVE_INFINITY;
  }

  private prune(group: Group, now: number): void {
    while (group.sent.length > 0 && group.sent[0]! <= now - group.windowMs) group.sent.shift();
  }

  /** When a job could go: now, or the earliest time its group frees a slot for its priority. */
  private readyAt(job: Job, now: number): number {
    const group = this.groups[job.group];
    this.prune(group, now);
    const earliest = Math.max(now, job.notBefore, group.blockedUntil);
    const kept = RESERVED[job.group][job.priority];
    const own = Math.max(earliest, this.slotFreeAt(group, Math.max(1, group.limit - kept)));
    if (kept === 0) return own;
    // Borrowing a kept slot: only when the oldest request still in the window then leaves it
    // within the lending time, so a higher priority arriving meanwhile hardly waits.
    const borrow = Math.max(earliest, this.slotFreeAt(group, group.limit));
    const next = Math.max(0, this.used(group) - group.limit + 1);
    const lendable = next >= this.used(group) ? borrow : Math.max(borrow, this.freedAt(group, next) - 1 - group.windowMs * LEND_WITHIN);
    return Math.min(own, lendable);
  }

  /** When a group has room for one more request, using at most `allowed` slots of its window. */
  private slotFreeAt(group: Group, allowed: number): number {
    const excess = this.used(group) - allowed + 1;
    return excess > 0 ? this.freedAt(group, excess - 1) : Number.NEGATIVE_INFINITY;
  }

  private pump(): void {
    const now = this.clock.now();
    this.queue.sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.seq - b.seq);
    let earliest = Number.POSITIVE_INFINITY;
    // Within a group, a waiting higher-priority job keeps lower ones from taking its slot.
    const blockedGroups = new Set<ThrottlingGroup>();
    for (const job of [...this.queue]) {
      if (blockedGroups.has(job.group)) continue;
      const at = this.readyAt(job, now);
      if (at > now) {
        earliest = Math.min(earliest, at);
        if (job.notBefore <= now) blockedGroups.add(job.group);
        continue;
      }
      this.queue.splice(this.queue.indexOf(job), 1);
      void this.send(job);
    }
    this.schedule(earliest);
    this.emit();
  }

  private schedule(at: number): void {
    if (at === this.wakeAt) return;
    this.wakeTimer?.();
    this.wakeTimer = null;
    this.wakeAt = at;
    if (Number.isFinite(at)) {
      this.wakeTimer = this.clock.setTimeout(
        () => {
          this.wakeTimer = null;
          this.wakeAt = Number.POSITIVE_INFINITY;
          this.pump();
        },
        Math.max(0, at - this.clock.now()),
      );
    }
  }

  private async send(job: Job): Promise<void> {
    const group = this.groups[job.group];
    group.inFlight++;
    let response: Response | null;
    let failure: unknown = null;
    try {
      response = await job.request();
    } catch (error) {
      failure = error;
      response = responseOf(error);
    }
    // The server counted it on arrival, at the latest now: its slot is taken until a window after now.
    group.inFlight--;
    this.insertSorted(group, this.clock.now());
    if (response) this.learn(response, job.group);
    if (failure === null) {
      job.resolve(response!);
    } else if (response?.status === 429 && job.rateLimitRetries < MAX_RATE_LIMIT_RETRIES) {
      this.rateLimitHits++;
      const target = this.groups[throttlingGroupNamed(response.headers.get('x-rate-limit-group')) ?? job.group];
      target.blockedUntil = this.clock.now() + retryAfterMs(response, target.windowMs);
      // A 429 for another group (the token refresh the SDK made on the way, Auth) holds this
      // request too: retried at once it would only ask for a token again, and restart the penalty.
      job.notBefore = Math.max(job.notBefore, target.blockedUntil);
      job.rateLimitRetries++;
      this.queue.push(job);
    } else if (response?.status === 503 && job.unavailableRetries < MAX_UNAVAILABLE_RETRIES) {
      job.unavailableRetries++;
      job.notBefore = this.clock.now() + retryAfterMs(response, 5000 * job.unavailableRetries);
      this.queue.push(job);
    } else {
      if (response?.status === 429) this.rateLimitHits++;
      job.reject(failure);
    }
    this.pump();
  }

  private insertSorted(group: Group, at: number): void {
    let i = group.sent.length;
    while (i > 0 && group.sent[i - 1]! > at) i--;
    group.sent.splice(i, 0, at);
  }

  /** Adopts the server's limit and window, and its remaining count when lower than ours. */
  private learn(response: Response, fallback: ThrottlingGroup): void {
    this.serverTime.learn(response.headers.get('date'));
    const group = this.groups[throttlingGroupNamed(response.headers.get('x-rate-limit-group')) ?? fallback];
    const limit = Number(response.headers.get('x-rate-limit-limit'));
    const windowSeconds = Number(response.headers.get('x-rate-limit-window'));
    const remaining = Number(response.headers.get('x-rate-limit-remaining'));
    if (Number.isFinite(limit) && limit > 0) group.limit = limit;
    if (Number.isFinite(windowSeconds) && windowSeconds > 0) {
      group.windowMs = windowSeconds * 1000;
      group.windowLearnt = true;
      // RingCentral uses one window length for every group: until a group's own answer
      // says otherwise, assume the same (it matters when the simulator scales time).
      for (const other of Object.values(this.groups)) if (!other.windowLearnt) other.windowMs = group.windowMs;
    }
    if (response.headers.has('x-rate-limit-remaining') && Number.isFinite(remaining)) {
      const now = this.clock.now();
      this.prune(group, now);
      // Someone else (another device of the same user and app) may be using the budget.
      const phantom = group.limit - remaining - this.used(group);
      for (let i = 0; i < phantom; i++) this.insertSorted(group, now);
    }
  }

  private emit(): void {
    if (!this.changed.hasListeners) return;
    this.changed.fire(this.state());
  }
}
