import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import type { Disposable, Event } from '../../../src-shared/emitter';
import type { OwnNumbersView } from '../../../src-shared/ipc-contract';
import type { RingCentralApi, RingOutStatusAnswer } from '../ringcentral/api';
import type { PlaceCallInput, RingOutTracker } from './tracker';

/** `core.calls`: placing, following and ending RingOut calls (the tracker) and the account's own numbers. */
export class CallsFacade {
  constructor(
    private readonly tracker: RingOutTracker,
    private readonly api: RingCentralApi,
  ) {}

  /** The phones RingCentral may ring first, and the caller IDs the account may show. */
  async ownNumbers(): Promise<OwnNumbersView> {
    const [ringMeAt, callerIds] = await Promise.all([this.api.forwardingNumbers(), this.api.callerIdNumbers()]);
    return { ringMeAt, callerIds };
  }

  /** Calls still being tracked, then the most recent finished ones, newest first. */
  list(): TrackedCall[] {
    return this.tracker.list();
  }

  get(id: string): TrackedCall | undefined {
    return this.tracker.get(id);
  }

  place(input: PlaceCallInput): Promise<TrackedCall> {
    return this.tracker.place(input);
  }

  cancel(id: string): Promise<TrackedCall> {
    return this.tracker.cancel(id);
  }

  /** RingCentral's own status of any RingOut by its id (null once RingCentral forgot it). */
  ringOutStatus(ringOutId: string): Promise<RingOutStatusAnswer | null> {
    return this.api.ringOutStatus(ringOutId);
  }

  /** Cancels any RingOut by its id, tracked here or not. */
  cancelRingOut(ringOutId: string): Promise<'cancelled' | 'gone'> {
    return this.api.cancelRingOut(ringOutId);
  }

  get onUpdated(): Event<TrackedCall> {
    return this.tracker.onUpdated;
  }

  onLegChanged(listener: (change: LegChange, call: TrackedCall) => void): Disposable {
    return this.tracker.onLegChanged(listener);
  }
}
