import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules are only worth something if lint really fails on a violation.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const importing = (from: string) => `import * as m from '${from}';\nexport const a = m;\n`;

describe('architecture lint rules', () => {
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
    ['src-main/cli: the core', 'src-main/cli/fixture.ts', '../core/ringside-core'],
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
