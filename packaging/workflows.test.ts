/**
 * The forge workflows cannot run here (no Electron download, no runners), so they are
 * checked with GitHub's own workflow parser (@actions/workflow-parser, the one behind the
 * Actions language service) and asserted for what they must do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow, type WorkflowTemplate } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

async function validate(name: string, content: string): Promise<{ errors: string[]; template: WorkflowTemplate }> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
  const errors = [...parsed.context.errors.getErrors(), ...(template.errors ?? [])].map((e) => String((e as { message?: string }).message ?? e));
  return { errors, template };
}

const workflow = (file: string) => {
  const content = readFileSync(path.join(root, '.github/workflows', file), 'utf8');
  return { content, result: validate(file, content) };
};

type Step = { run?: string; uses?: string; if?: unknown; with?: unknown };
const stepsOf = (template: WorkflowTemplate, job: string): Step[] => {
  const found = template.jobs.find((j) => j.id.value === job) as unknown as {
    steps: Array<{ run?: { value: string }; uses?: { value: string }; if?: { expression: string } }>;
  };
  return found.steps.map((s) => ({ run: s.run?.value, uses: s.uses?.value, if: s.if?.expression }));
};

describe('forge workflows (GitHub Actions syntax)', () => {
  it('the validator rejects a broken workflow (so a pass means something)', async () => {
    const broken = await validate('broken.yml', 'on: push\njobs:\n  test:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: npm test\n');
    expect(broken.errors.join('\n')).toMatch(/runs-onn|runs-on/);
  });

  it('CI runs npm ci and npm test on Linux (under xvfb-run), macOS and Windows, and keeps the screenshots', async () => {
    const { content, result } = workflow('ci.yml');
    const { errors, template } = await result;
    expect(errors).toEqual([]);
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) expect(content).toContain(os);
    const steps = stepsOf(template, 'test');
    const runs = steps.map((s) => s.run).filter(Boolean);
    expect(runs).toContain('npm ci');
    expect(runs).toContain('xvfb-run --auto-servernum -- npm test');
    expect(runs).toContain('npm test');
    expect(steps.find((s) => s.run === 'xvfb-run --auto-servernum -- npm test')!.if).toMatch(/runner\.os == 'Linux'/);
    expect(steps.find((s) => s.run === 'npm test')!.if).toMatch(/runner\.os != 'Linux'/);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && content.includes('test-results/screenshots/'))).toBe(true);
    // Electron is downloaded by npm ci there: nothing may turn the download off.
    expect(content).not.toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });

  it('a version tag builds the installers on every platform and publishes them with the update feeds', async () => {
    const { content, result } = workflow('release.yml');
    const { errors, template } = await result;
    expect(errors).toEqual([]);
    expect(content).toMatch(/tags: \['v\*\.\*\.\*'\]/);
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) expect(content).toContain(os);
    expect(stepsOf(template, 'installers').map((s) => s.run)).toContain('npm run release');
    // Tested first; one job creates the draft, the installer jobs only add to it.
    const jobs = template.jobs as unknown as Array<{ id: { value: string }; needs?: Array<{ value: string }> }>;
    const needs = (id: string) => jobs.find((j) => j.id.value === id)!.needs?.map((n) => n.value) ?? [];
    expect(needs('draft')).toEqual(['test']);
    expect(needs('installers')).toEqual(['draft']);
    expect(stepsOf(template, 'test').map((s) => s.run)).toContain('xvfb-run --auto-servernum -- npm test');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.release).toBe('electron-vite build && electron-builder --publish always');
  });
});
