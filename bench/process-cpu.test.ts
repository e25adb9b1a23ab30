import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clockTicksPerSecond, processCpuMs, readProcessTicks, serverCpuMs } from './process-cpu';

/** Spends about `ms` of CPU in this process (by its own clock, process.cpuUsage). */
function burn(ms: number): void {
  const start = process.cpuUsage();
  let x = 0;
  while (true) {
    for (let i = 0; i < 100_000; i++) x = (x * 31 + i) % 1_000_003;
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) break;
  }
  expect(x).toBeGreaterThanOrEqual(0);
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('process CPU from /proc (skipped off Linux: it reads /proc/<pid>/stat)', () => {
  it('reads a running process’s ticks: this one’s, agreeing with process.cpuUsage within a few ticks', () => {
    const tick = 1000 / clockTicksPerSecond();
    const before = process.cpuUsage();
    const fromProc = processCpuMs(process.pid);
    burn(300);
    const procDelta = processCpuMs(process.pid) - fromProc;
    const used = process.cpuUsage(before);
    const nodeDelta = (used.user + used.system) / 1000;
    expect(nodeDelta).toBeGreaterThanOrEqual(300);
    // /proc's times are sampled per tick: equal up to a few ticks.
    expect(procDelta).toBeGreaterThanOrEqual(300 - 5 * tick);
    expect(procDelta).toBeLessThanOrEqual(nodeDelta + 5 * tick);
    expect(readProcessTicks(process.pid).ppid).toBe(process.ppid);
  });

  it('counts a server’s exited children (the time its parent waited for)', async () => {
    const serverBefore = serverCpuMs(process.pid);
    const ownBefore = processCpuMs(process.pid);
    // A child that spends 300 ms of CPU and exits; Node waits for it.
    const child = spawn(process.execPath, ['-e', 'const s = process.cpuUsage(); while (process.cpuUsage(s).user < 300000);'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const childMs = serverCpuMs(process.pid) - serverBefore - (processCpuMs(process.pid) - ownBefore);
    expect(childMs).toBeGreaterThanOrEqual(250);
  });

  it('fails clearly when the process does not exist', () => {
    // No pid is above the kernel's pid_max.
    const missing = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) + 1;
    expect(() => readProcessTicks(missing)).toThrow(`Cannot read the CPU time of process ${missing}: /proc/${missing}/stat is not readable (ENOENT)`);
    expect(() => serverCpuMs(missing)).toThrow(/Cannot read the CPU time of process \d+: .*ENOENT/);
  });

  it('reads the fields after a command name holding spaces and parentheses', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'proc-cpu-'));
    folders.push(root);
    mkdirSync(path.join(root, '42'));
    // Fields 3.. : state, ppid 7, then up to utime 110, stime 20, cutime 5, cstime 1 (fields 14–17).
    writeFileSync(path.join(root, '42', 'stat'), '42 (postgres: a (b) c) S 7 42 42 0 -1 4194560 100 0 0 0 110 20 5 1 20 0 1 0 100 1000 50\n');
    expect(readProcessTicks(42, root)).toEqual({ pid: 42, ppid: 7, own: 130, children: 6 });
    writeFileSync(path.join(root, '42', 'stat'), '42 (x) S 7 garbage\n');
    expect(() => readProcessTicks(42, root)).toThrow(/field 14 of .*stat is not a number/);
  });
});
