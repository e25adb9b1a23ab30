import type { CallDirection, ExportFormat, HistoryFilter } from '../../../src-shared/history';
import type { HistoryRowView, InvokeResponses, RingsideBridge } from '../../../src-shared/ipc-contract';
import type { LegState } from '../../../src-shared/leg-state';
import { format, messages } from '../lib/messages';
import { startOfDay } from '../lib/dates';

export const PAGE_SIZE = 200;
const DAY = 86_400_000;

export type RangeChoice = 'today' | 'week' | 'month' | 'all';
export type Detail = NonNullable<InvokeResponses['history.detail']>;

/**
 * The history window's filters and data. Rows load page by page as the virtual list needs
 * them, so 100k calls never travel over IPC at once.
 */
export class HistoryState {
  search = $state('');
  range = $state<RangeChoice>('all');
  direction = $state<'' | CallDirection>('');
  outcome = $state<LegState | ''>('');
  ringOutOnly = $state(false);
  /** Calls the user gave this disposition ('' = any). */
  disposition = $state('');
  total = $state(0);
  rows = $state<Record<number, HistoryRowView>>({});
  selectedId = $state<string | null>(null);
  detail = $state<Detail | null>(null);
  loading = $state(false);
  message = $state<string | null>(null);
  // Bookkeeping, not state the page shows: a plain Set on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private loadedPages = new Set<number>();
  private generation = 0;

  constructor(
    private readonly bridge: RingsideBridge,
    private readonly now: () => number = Date.now,
  ) {}

  filter(): HistoryFilter {
    const now = this.now();
    const from = { today: startOfDay(now), week: now - 7 * DAY, month: now - 30 * DAY, all: undefined }[this.range];
    return {
      ...(from !== undefined ? { from } : {}),
      ...(this.direction ? { direction: this.direction } : {}),
      ...(this.outcome ? { outcome: this.outcome } : {}),
      ...(this.ringOutOnly ? { ringOutOnly: true } : {}),
      ...(this.search.trim() ? { search: this.search.trim() } : {}),
      ...(this.disposition ? { disposition: this.disposition } : {}),
    };
  }

  get filtered(): boolean {
    return this.range !== 'all' || !!this.direction || !!this.outcome || this.ringOutOnly || !!this.search.trim() || !!this.disposition;
  }

  /** Starts over with the current filters. */
  async refresh(): Promise<void> {
    this.generation++;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.loadedPages = new Set();
    this.rows = {};
    await this.loadPage(0);
  }

  private async loadPage(page: number): Promise<void> {
    if (this.loadedPages.has(page)) return;
    this.loadedPages.add(page);
    const generation = this.generation;
    this.loading = true;
    const answer = await this.bridge.invoke('history.query', { ...this.filter(), limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    if (generation !== this.generation) return;
    this.loading = false;
    if (!answer.ok) {
      this.loadedPages.delete(page);
      this.message = answer.error.message;
      return;
    }
    this.total = answer.value.total;
    const next = { ...this.rows };
    answer.value.rows.forEach((row, i) => (next[page * PAGE_SIZE + i] = row));
    this.rows = next;
  }

  /** Makes sure rows [start, end] are loaded (called by the virtual list as it scrolls). */
  async ensure(start: number, end: number): Promise<void> {
    const pages: number[] = [];
    for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(Math.max(start, end) / PAGE_SIZE); page++) pages.push(page);
    await Promise.all(pages.map((page) => this.loadPage(page)));
  }

  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    this.detail = null;
    if (!id) return;
    const answer = await this.bridge.invoke('history.detail', { id });
    if (this.selectedId !== id) return;
    if (answer.ok) this.detail = answer.value;
    else this.message = answer.error.message;
  }

  async export(kind: ExportFormat): Promise<void> {
    const answer = await this.bridge.invoke('history.export', { filter: this.filter(), format: kind });
    if (!answer.ok) this.message = answer.error.message;
    else if (answer.value.saved) this.message = messages.history.exported(format.count(answer.value.rows), answer.value.path ?? '');
  }
}
