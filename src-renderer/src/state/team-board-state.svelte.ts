/**
 * The Team board window's state (issue 29): the board main sends (a snapshot, then one
 * update per change), a department filter, and the rows to show (lib/team-board-rows.ts).
 */
import type { BoardSnapshot, BoardUpdate, PresenceKind } from '../../../src-shared/team-board';
import { applyBoardUpdate, boardRows, departmentsOf } from '../lib/team-board-rows';
import type { RingsideClient } from '../lib/ringside-client';

const EMPTY: BoardSnapshot = { access: { kind: 'starting' }, members: [], calls: [], live: false };

export class TeamBoardState {
  snapshot = $state<BoardSnapshot>(EMPTY);
  /** The department shown, or null for everyone. */
  department = $state<string | null>(null);
  onCallOnly = $state(false);
  /** Why the board could not be opened (a failed request), or null. */
  error = $state<string | null>(null);
  readonly rows = $derived(boardRows(this.snapshot, this.department, this.onCallOnly));
  readonly departments = $derived(departmentsOf(this.snapshot));
  readonly counts = $derived(
    boardRows(this.snapshot, this.department, false).reduce<Partial<Record<PresenceKind, number>>>((counts, row) => {
      counts[row.presence] = (counts[row.presence] ?? 0) + 1;
      return counts;
    }, {}),
  );
  private unsubscribe: (() => void) | null = null;
  /** Changes heard but not drawn yet, and the task that will draw them. */
  private heard: BoardUpdate[] = [];
  private drawing: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly client: RingsideClient) {}

  /** Listens for changes first (none is missed), then opens the board; returns the stop (for an $effect). */
  start(): () => void {
    this.unsubscribe = this.client.on('teamBoard.changed', (update) => this.hear(update));
    void this.open();
    return () => this.stop();
  }

  async open(): Promise<void> {
    const answer = await this.client.ask('teamBoard.open', {});
    if (answer.ok) {
      this.error = null;
      // Updates that came while the answer was on its way are newer than it for their calls.
      this.draw();
      const pending = this.snapshot.calls;
      this.snapshot = pending.reduce((s, call) => applyBoardUpdate(s, { kind: 'call', call }), answer.value);
    } else this.error = answer.error.message;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.drawing !== null) clearTimeout(this.drawing);
    this.drawing = null;
  }

  /**
   * Changes come in bursts (twenty colleagues' phones ringing at once), each its own message:
   * drawn one by one, every one redraws the board and the last waits for all the others. So a
   * change waits only for the messages already queued behind it, and they are drawn together.
   */
  private hear(update: BoardUpdate): void {
    this.heard.push(update);
    this.drawing ??= setTimeout(() => this.draw(), 0);
  }

  private draw(): void {
    if (this.drawing !== null) clearTimeout(this.drawing);
    this.drawing = null;
    if (this.heard.length === 0) return;
    this.snapshot = this.heard.splice(0).reduce(applyBoardUpdate, this.snapshot);
  }
}
