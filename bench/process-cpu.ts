/**
 * CPU time of other processes (a PostgreSQL server's), read from Linux's /proc: a bench's
 * figure per CPU-second does not depend on how loaded the shared machine is, as its
 * wall-clock rate does. Node's own time comes from process.cpuUsage().
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One process's CPU time, in clock ticks (/proc/<pid>/stat). */
export interface ProcessTicks {
  pid: number;
  ppid: number;
  /** utime + stime: the process's own time. */
  own: number;
  /** cutime + cstime: its children's, once it has waited for them (how a server's exited workers are counted). */
  children: number;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`; 100, Linux's value, when getconf is missing). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticksPerSecond = Number.isInteger(value) && value > 0 ? value : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** A process's CPU ticks; throws a clear error when there is no such process (or no /proc). */
export function readProcessTicks(pid: number, procRoot = '/proc'): ProcessTicks {
  const file = path.join(procRoot, String(pid), 'stat');
  let stat: string;
  try {
    stat = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new Error(`Cannot read the CPU time of process ${pid}: ${file} is not readable (${code}); is the process running, on Linux?`, { cause: error });
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')': the fields after it start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime/stime/cutime/cstime fields 14–17.
  const field = (n: number) => {
    const value = Number(fields[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`Cannot read the CPU time of process ${pid}: field ${n} of ${file} is not a number`);
    return value;
  };
  return { pid, ppid: field(4), own: field(14) + field(15), children: field(16) + field(17) };
}

/** The pids of a process's living children (every process's stat read: a server has some tens). */
function childrenOf(parent: number, procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync(procRoot)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readProcessTicks(Number(name), procRoot).ppid === parent) pids.push(Number(name));
    } catch {
      // Gone between the listing and the read: an exited child, counted in its parent's children time.
    }
  }
  return pids;
}

/**
 * The CPU time, in ms, a server has used so far: the parent's own, its living children's and
 * its exited children's it has waited for (PostgreSQL's postmaster waits for every backend and
 * worker). The difference of two readings is the server's CPU between them.
 */
export function serverCpuMs(parentPid: number, procRoot = '/proc'): number {
  const parent = readProcessTicks(parentPid, procRoot);
  let ticks = parent.own + parent.children;
  for (const pid of childrenOf(parentPid, procRoot)) {
    try {
      ticks += readProcessTicks(pid, procRoot).own;
    } catch {
      // Exited since the listing: its time moved to the parent's children time (read above, so missed for this reading only).
    }
  }
  return (ticks * 1000) / clockTicksPerSecond();
}

/** One process's own CPU time so far, in ms. */
export function processCpuMs(pid: number, procRoot = '/proc'): number {
  return (readProcessTicks(pid, procRoot).own * 1000) / clockTicksPerSecond();
}
