import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TrackedCall } from '../../../src-shared/calls';
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
 * previous version, never a torn one. An unreadable file is kept aside, not deleted.
 */
export class JsonFileInFlightStore implements InFlightStore {
  private calls: Map<string, TrackedCall> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<TrackedCall[]> {
    if (!this.calls) {
      this.calls = new Map();
      try {
        const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { calls?: TrackedCall[] };
        for (const call of parsed.calls ?? []) if (call && typeof call.id === 'string') this.calls.set(call.id, call);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          await rename(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => undefined);
        }
      }
    }
    return [...this.calls.values()];
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
