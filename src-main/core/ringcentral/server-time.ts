import type { Clock } from '../ports';

/** How many recent answers the offset is judged from (a median, so one odd answer does not move it). */
const SAMPLES = 7;

/**
 * RingCentral's clock as seen through the HTTP `Date` header of its answers. Call-log
 * `startTime`, push `eventTime` and record windows are in the server's time; a local clock
 * that is seconds or minutes off must not make matching fail, so windows are compared in
 * server time: local time plus the learnt offset (0 until an answer tells).
 */
export class ServerTime {
  private samples: number[] = [];
  private offset = 0;

  constructor(private readonly clock: Clock) {}

  /** Learns from one answer's `Date` header (whole seconds: the middle of its second is used). */
  learn(dateHeader: string | null | undefined): void {
    if (!dateHeader) return;
    const server = Date.parse(dateHeader);
    if (!Number.isFinite(server)) return;
    this.samples.push(server + 500 - this.clock.now());
    if (this.samples.length > SAMPLES) this.samples.shift();
    const sorted = [...this.samples].sort((a, b) => a - b);
    this.offset = sorted[Math.floor(sorted.length / 2)]!;
  }

  /** Server time minus local time, in ms. */
  offsetMs(): number {
    return this.offset;
  }

  /** The server's "now". */
  now(): number {
    return this.clock.now() + this.offset;
  }

  /** A local timestamp (e.g. when a call was placed) in server time. */
  toServer(local: number): number {
    return local + this.offset;
  }
}
