import type { CallDirection, ExportFormat, HistoryFilter } from '../../../src-shared/history';
import type { HistoryRow } from '../../../src-shared/history-row';
import type { InvokeResponses } from '../../../src-shared/ipc-contract';
import type { RingsideClient } from '../lib/ringside-client';
import type { LegState } from '../../../src-shared/leg-state';
import { messages } from '../lib/messages';
import { startOfDay } from '../lib/dates';
import { PAGE_SIZE } from '../lib/first-page';

export { PAGE_SIZE };
const DAY = 86_400_000;

export type RangeChoice = 'today' | 'week' | 'month' | 'all';
export type Detail = NonNullable<InvokeResponses['history.detail']>;

/** Pages kept around the viewport; farther ones are dropped and fetched again if scrolled back to. */
const KEPT_PAGES = 24;
/** Page requests in flight at once: the rest wait, and are skipped if the list has moved on. */
const MAX_IN_FLIGHT = 2;

/**
 * The history window's filters and data. Rows load page by page as the virtual list needs
 * them, so 100k calls never travel over IPC at once. Pages are plain arrays in a raw state
 * (no per-row proxies): a page that arrives replaces one small map, never a copy of every
 * loaded row. Answers for an older filter are dropped; rows stay on screen until the new
 * ones arrive, so the list never flashes empty while typing.
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
  /** Loaded pages of rows by page number: replaced whole, never mutated (so no SvelteMap). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  pages = $state.raw<ReadonlyMap<number, readonly HistoryRow[]>>(new Map());
  /** The search the rows on screen were found by (null before the first answer). */
  shownSearch = $state<string | null>(null);
  selectedId = $state<string | null>(null);
  detail = $state<Detail | null>(null);
  loading = $state(false);
  message = $state<string | null>(null);
  // Bookkeeping, not state the page shows: plain collections on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private requested = new Set<number>();
  private generation = 0;
  /** The generation whose rows are on screen. */
  private shownGeneration = -1;
  private filterKey = '';
  private wanted: number[] = [];
  private inFlight = 0;
  private lastRange: [number, number] = [0, 0];

  constructor(
    private readonly client: RingsideClient,
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

  /** The row at a list index, or undefined while its page is not loaded. */
  rowAt(index: number): HistoryRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /**
   * Starts over with the current filters: one round trip brings the count and the first
   * page. The rows on screen stay until that answer arrives. True when this answer is the
   * one on screen (false when a newer one overtook it or it failed).
   */
  async refresh(): Promise<boolean> {
    const generation = ++this.generation;
    const filter = this.filter();
    // The range is resolved to times here, so the key names the filter, not the moment.
    this.filterKey = JSON.stringify({ ...filter, from: this.range });
    const key = this.filterKey;
    this.loading = true;
    const answer = await this.client.ask('history.query', { ...filter, limit: PAGE_SIZE, offset: 0 });
    // A newer answer is already on screen, or the filter has changed since: drop this one.
    if (generation <= this.shownGeneration || key !== this.filterKey) return false;
    if (generation === this.generation) this.loading = false;
    if (!answer.ok) {
      this.message = answer.error.message;
      return false;
    }
    this.shownGeneration = generation;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.requested = new Set([0]);
    this.wanted = [];
    this.total = answer.value.total;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.pages = new Map([[0, answer.value.rows]]);
    this.shownSearch = filter.search ?? '';
    // The list may be scrolled down: bring its rows again for the new answer.
    this.ensure(...this.lastRange);
    return true;
  }

  /**
   * The filters changed: the list starts over, and a selected call the new list does not
   * start with leaves the detail pane rather than stay there as if it matched.
   */
  async applyFilters(): Promise<void> {
    // New filters show their newest calls first: the list goes back to the top, so a search typed
    // while scrolled deep does not also ask for pages far down every keystroke.
    const [start, end] = this.lastRange;
    this.lastRange = [0, Math.max(0, end - start)];
    if (!(await this.refresh())) return;
    const selected = this.selectedId;
    if (selected && !this.pages.get(0)?.some((row) => row.id === selected)) await this.select(null);
  }

  /**
   * Makes sure rows [start, end] are loaded, and a page either side (called by the virtual
   * list as it scrolls). Visible pages go first; pages the list has left before their turn
   * are never asked for, so a fling does not queue every page it passes.
   */
  ensure(start: number, end: number): void {
    this.lastRange = [start, end];
    // Until the current filter's first answer is on screen, pages would be for the old one.
    if (this.shownGeneration !== this.generation) return;
    const lastPage = Math.max(0, Math.ceil(this.total / PAGE_SIZE) - 1);
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.min(lastPage, Math.floor(Math.max(start, end) / PAGE_SIZE));
    const visible: number[] = [];
    for (let page = first; page <= last; page++) visible.push(page);
    const around = [first - 1, last + 1].filter((page) => page >= 0 && page <= lastPage);
    this.wanted = [...visible, ...around].filter((page) => !this.requested.has(page));
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.wanted.length > 0) void this.loadPage(this.wanted.shift()!);
  }

  private async loadPage(page: number): Promise<void> {
    if (this.requested.has(page)) return;
    this.requested.add(page);
    const generation = this.shownGeneration;
    this.inFlight++;
    try {
      const answer = await this.client.ask('history.query', { ...this.filter(), limit: PAGE_SIZE, offset: page * PAGE_SIZE });
      if (generation !== this.shownGeneration || generation !== this.generation) return;
      if (!answer.ok) {
        this.requested.delete(page);
        this.message = answer.error.message;
        return;
      }
      this.total = answer.value.total;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const next = new Map(this.pages);
      next.set(page, answer.value.rows);
      if (next.size > KEPT_PAGES) {
        // Drop the pages farthest from this one; they are asked for again if needed.
        const far = [...next.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page)).slice(0, next.size - KEPT_PAGES);
        for (const p of far) {
          next.delete(p);
          this.requested.delete(p);
        }
      }
      this.pages = next;
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    this.detail = null;
    if (!id) return;
    const answer = await this.client.ask('history.detail', { id });
    if (this.selectedId !== id) return;
    if (answer.ok) this.detail = answer.value;
    else this.message = answer.error.message;
  }

  async export(kind: ExportFormat): Promise<void> {
    const answer = await this.client.ask('history.export', { filter: this.filter(), format: kind });
    if (!answer.ok) this.message = answer.error.message;
    else if (answer.value.saved) this.message = messages.history.exported(answer.value.rows, answer.value.path ?? '');
  }
}
