import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules are only worth something if lint really fails on a violation.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('architecture lint rules', () => {
  it('rejects an electron import in src-main/core', async () => {
    const ids = await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'src-main/core/fixture.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects an electron import in src-shared', async () => {
    const ids = await ruleIds("import { ipcMain } from 'electron';\nexport const a = ipcMain;\n", 'src-shared/fixture.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('rejects Node built-ins in the renderer', async () => {
    const ids = await ruleIds("import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", 'src-renderer/src/fixture.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('allows electron in the shell', async () => {
    const ids = await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'src-main/shell/fixture.ts');
    expect(ids).not.toContain('no-restricted-imports');
  });
});
