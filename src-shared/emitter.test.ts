import { describe, expect, it } from 'vitest';
import { DisposableStore, Emitter } from './emitter';

describe('Emitter', () => {
  it('delivers each fired value to every subscriber in order', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    emitter.event((n) => seen.push(`a${n}`));
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    emitter.fire(2);
    expect(seen).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('stops delivering to a disposed subscription only', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const listener = (value: string) => seen.push(value);
    const first = emitter.event(listener);
    emitter.event(listener);
    first.dispose();
    emitter.fire('x');
    expect(seen).toEqual(['x']);
    expect(emitter.hasListeners).toBe(true);
  });

  it('drops every subscription when disposed', () => {
    const emitter = new Emitter<void>();
    let calls = 0;
    emitter.event(() => calls++);
    emitter.dispose();
    emitter.fire();
    expect(calls).toBe(0);
    expect(emitter.hasListeners).toBe(false);
  });

  it('a store disposes everything added to it, once', () => {
    const emitter = new Emitter<number>();
    const store = new DisposableStore();
    let calls = 0;
    store.add(emitter.event(() => calls++));
    store.add(emitter.event(() => calls++));
    emitter.fire(1);
    store.dispose();
    store.dispose();
    emitter.fire(2);
    expect(calls).toBe(2);
  });
});
