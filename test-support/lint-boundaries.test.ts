import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering rules are only worth something if lint really fails on a violation.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const importing = (from: string) => `import * as m from '${from}';\nexport const a = m;\n`;

describe('architecture lint rules', () => {
  // Loading the config and the TypeScript parser takes seconds on a busy machine: once, before the first case's timer.
  beforeAll(() => ruleIds('export {};\n', 'src-main/core/fixture.ts'), 60_000);

  it.each([
    ['src-main/core: electron', 'src-main/core/fixture.ts', 'electron'],
    ['src-main/core: the simulator', 'src-main/core/fixture.ts', '../../src-simulator'],
    ['src-main/core: a simulator module', 'src-main/core/ringout/fixture.ts', '../../../src-simulator/simulator'],
    ['src-main/core: the shell', 'src-main/core/fixture.ts', '../shell/main-process'],
    ['src-main/core: the app', 'src-main/core/fixture.ts', '../app/app-controller'],
    ['src-main/core: the app, from a subfolder', 'src-main/core/ringout/fixture.ts', '../../app/demo-server'],
    ['src-main/core: the CLI', 'src-main/core/fixture.ts', '../cli/commands'],
    ['src-main/core: test machinery', 'src-main/core/fixture.ts', '../../test-support/recording-ports'],
    ['src-main/app: electron', 'src-main/app/fixture.ts', 'electron'],
    ['src-main/app: the shell', 'src-main/app/fixture.ts', '../shell/main-process'],
    ['src-main/app: test machinery', 'src-main/app/fixture.ts', '../../test-support/recording-ports'],
    ['src-main/cli: the shell', 'src-main/cli/fixture.ts', '../shell/main-process'],
    ['src-main/app: a core part behind the front door', 'src-main/app/fixture.ts', '../core/history/archive'],
    ['src-main/app: the core class itself, not through the front door', 'src-main/app/fixture.ts', '../core/ringside-core'],
    ['src-main/cli: a core part behind the front door', 'src-main/cli/fixture.ts', '../core/ringout/derive-legs'],
    ['src-main/browser: a core part behind the front door', 'src-main/browser/fixture.ts', '../core/private-files'],
    ['src-main/shell: a core part behind the front door', 'src-main/shell/tray/fixture.ts', '../../core/ringout/tracker'],
    ["src-main/app: the simulator's test controls", 'src-main/app/fixture.ts', '../../src-simulator/testing'],
    ["src-main/cli: the simulator's test controls", 'src-main/cli/fixture.ts', '../../src-simulator/testing'],
    ["src-main/browser: the simulator's test controls", 'src-main/browser/fixture.ts', '../../src-simulator/testing'],
    ["src-main/shell: the simulator's test controls", 'src-main/shell/fixture.ts', '../../src-simulator/testing'],
    ['src-shared: electron', 'src-shared/fixture.ts', 'electron'],
    ['src-shared: src-main', 'src-shared/fixture.ts', '../src-main/core/ports'],
    ['src-shared: the renderer', 'src-shared/fixture.ts', '../src-renderer/src/lib/messages'],
    ['src-renderer: Node built-ins', 'src-renderer/src/fixture.ts', 'node:fs'],
    ['src-renderer: electron', 'src-renderer/src/fixture.ts', 'electron'],
    ['src-renderer: src-main', 'src-renderer/src/fixture.ts', '../../src-main/core/ringout/explain'],
    ['src-renderer: the preload', 'src-renderer/src/fixture.ts', '../../src-preload/index'],
    ['src-renderer: the simulator', 'src-renderer/src/fixture.ts', '../../src-simulator'],
    ['src-preload: src-main', 'src-preload/fixture.ts', '../src-main/app/ipc-handlers'],
    ['src-preload: the renderer', 'src-preload/fixture.ts', '../src-renderer/src/state/app-state.svelte'],
    ['src-simulator: src-main', 'src-simulator/fixture.ts', '../src-main/core/ringout/derive-legs'],
    ['src-simulator: src-main, from a subfolder', 'src-simulator/routes/fixture.ts', '../../src-main/core/ports'],
  ])('rejects %s', async (_what, file, from) => {
    expect(await ruleIds(importing(from), file)).toContain('no-restricted-imports');
  });

  it.each([
    ['src-main/shell: electron', 'src-main/shell/fixture.ts', 'electron'],
    ['src-main/core: src-shared', 'src-main/core/fixture.ts', '../../src-shared/calls'],
    ['src-main/core: a library', 'src-main/core/fixture.ts', 'zod'],
    ['src-main/core: its own ports', 'src-main/core/ringout/fixture.ts', '../ports'],
    ['src-main/app: the simulator (demo mode)', 'src-main/app/fixture.ts', '../../src-simulator'],
    ['src-main/cli: the core through its front door', 'src-main/cli/fixture.ts', '../core/index'],
    ['src-main/shell: the core through its front door', 'src-main/shell/tray/fixture.ts', '../../core/index'],
    ["src-main/app: the core's ports", 'src-main/app/fixture.ts', '../core/ports'],
    ['src-main/app: the simulator itself (demo mode)', 'src-main/app/fixture.ts', '../../src-simulator/simulator'],
    ['an app test: a core part it checks', 'src-main/app/fixture.test.ts', '../core/history/archive'],
    ["a CLI test: the simulator's test controls", 'src-main/cli/fixture.test.ts', '../../src-simulator/testing'],
    ['src-renderer: src-shared', 'src-renderer/src/fixture.ts', '../../src-shared/ipc-contract'],
    ['src-preload: electron', 'src-preload/fixture.ts', 'electron'],
    ['src-preload: src-shared', 'src-preload/fixture.ts', '../src-shared/ipc-channels'],
    ['a core test: the simulator and test-support', 'src-main/core/fixture.test.ts', '../../test-support/core-harness'],
    ['a simulator test: the core it checks against', 'src-simulator/fixture.test.ts', '../src-main/core/ringout/derive-legs'],
  ])('allows %s', async (_what, file, from) => {
    expect(await ruleIds(importing(from), file)).not.toContain('no-restricted-imports');
  });

  it('still keeps electron out of core tests', async () => {
    expect(await ruleIds(importing('electron'), 'src-main/core/fixture.test.ts')).toContain('no-restricted-imports');
  });
});
