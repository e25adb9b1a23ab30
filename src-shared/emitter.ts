/**
 * One typed event primitive for the whole app, shaped like VS Code's `Emitter`/`Event`: the
 * owner keeps the `Emitter` private and fires it; others get only `event`, whose every
 * subscription is its own `Disposable` (disposing one never removes another, even when the
 * same function subscribed twice).
 */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

/** Subscribe to an event; dispose the result to unsubscribe. */
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> {
  private readonly subscriptions = new Set<{ listener: Listener<T> }>();

  /** Listeners run in subscription order; one that throws stops the firing, as a plain loop would. */
  readonly event: Event<T> = (listener) => {
    const subscription = { listener };
    this.subscriptions.add(subscription);
    return { dispose: () => void this.subscriptions.delete(subscription) };
  };

  fire(value: T): void {
    for (const subscription of this.subscriptions) subscription.listener(value);
  }

  get hasListeners(): boolean {
    return this.subscriptions.size > 0;
  }

  /** Drops every subscription (the owner is going away). */
  dispose(): void {
    this.subscriptions.clear();
  }
}

/** Disposes many subscriptions at once (e.g. everything a controller listened to). */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];

  add<D extends Disposable>(item: D): D {
    this.items.push(item);
    return item;
  }

  dispose(): void {
    const items = this.items;
    this.items = [];
    for (const item of items) item.dispose();
  }
}
