import { chmod, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { trackedCallSchema, type TrackedCall } from '../../../src-shared/calls';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';

/** Where calls still being tracked survive an app restart. */
export interface InFlightStore {
  load(): Promise<TrackedCall[]>;
  save(call: TrackedCall): Promise<void>;
  remove(id: string): Promise<void>;
}

export class MemoryInFlightStore implements InFlightStore {
  readonly calls = new Map<string, TrackedCall>();
  async load(): Promise<TrackedCall[]> {
    return [...this.calls.values()].map((c) => structuredClone(c));
  }
  async save(call: TrackedCall): Promise<void> {
    this.calls.set(call.id, structuredClone(call));
  }
  async remove(id: string): Promise<void> {
    this.calls.delete(id);
  }
}

/**
 * A small JSON file, written atomically (temp file + rename) so a crash mid-write leaves the
 * previous version, never a torn one. An unreadable file, or one with a call that is not a
 * call, is kept aside (not deleted) and said so through `onProblem`; the readable calls go on.
 */
export class JsonFileInFlightStore implements InFlightStore {
  private calls: Map<string, TrackedCall> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  async load(): Promise<TrackedCall[]> {
    if (!this.calls) {
      this.calls = new Map();
      let text: string;
      try {
        text = await readFile(this.file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') await this.setAside(`could not be read (${(error as Error).message})`, rename);
        return [];
      }
      let saved: unknown;
      try {
        saved = JSON.parse(text);
      } catch {
        await this.setAside('is not valid JSON (a write was cut short, or it was edited)', rename);
        return [];
      }
      const entries: unknown[] = Array.isArray((saved as { calls?: unknown } | null)?.calls) ? (saved as { calls: unknown[] }).calls : [];
      const problems: string[] = [];
      entries.forEach((entry, index) => {
        const checked = trackedCallSchema.safeParse(entry);
        if (checked.success) this.calls!.set(checked.data.id, checked.data);
        else problems.push(`call ${index + 1}: ${checked.error.issues.map((i) => `${i.path.join('.') || 'the call'} ${i.message}`).join('; ')}`);
      });
      if (problems.length > 0 || !Array.isArray((saved as { calls?: unknown } | null)?.calls)) {
        // A copy, not a move: the readable calls are written back, the whole file stays aside.
        await this.setAside(
          problems.length ? `has ${problems.length} of ${entries.length} calls that are not readable (${problems.join(' | ')})` : 'has no list of calls',
          copyFile,
        );
      }
    }
    return [...this.calls.values()];
  }

  private async setAside(what: string, keep: (from: string, to: string) => Promise<void>): Promise<void> {
    const aside = `${this.file}.unreadable-${Date.now()}`;
    const kept = await keep(this.file, aside).then(
      () => true,
      () => false,
    );
    this.onProblem(
      `The file of calls in progress ${what}; ${kept ? `it is kept as ${aside}` : 'it could not be set aside'}, and Ringside goes on with the calls it could read.`,
    );
  }

  async save(call: TrackedCall): Promise<void> {
    await this.load();
    this.calls!.set(call.id, call);
    await this.flush();
  }

  async remove(id: string): Promise<void> {
    await this.load();
    if (this.calls!.delete(id)) await this.flush();
  }

  private flush(): Promise<void> {
    const snapshot = JSON.stringify({ version: 1, calls: [...this.calls!.values()] });
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
      const temp = `${this.file}.tmp`;
      await writeFile(temp, snapshot, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
      // A temp file left by an older Ringside keeps its mode through writeFile: set it.
      await chmod(temp, PRIVATE_FILE_MODE);
      await rename(temp, this.file);
    });
    return this.writing;
  }
}
