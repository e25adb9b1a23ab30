import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

const electronMock = fileURLToPath(new URL('./test-support/electron-mock.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          // GitHub's workflow parser imports its schema JSON without an import attribute: let vite load it.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
          include: [
            'src-main/core/**/*.test.ts',
            'src-main/cli/**/*.test.ts',
            'src-main/app/**/*.test.ts',
            'src-main/browser/**/*.test.ts',
            'scripts/**/*.test.ts',
            'src-shared/**/*.test.ts',
            'src-simulator/**/*.test.ts',
            'test-support/**/*.test.ts',
            'packaging/**/*.test.ts',
            'security/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: [
            ...configDefaults.exclude,
            'src-main/core/team/**',
            'test-support/postgres*.test.ts',
            'src-main/cli/team-*.test.ts',
            'src-main/app/**/*.pg.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'team',
          environment: 'node',
          // One throw-away PostgreSQL cluster for every suite here (each file makes its own database in it).
          globalSetup: ['test-support/postgres-global-setup.ts'],
          include: ['src-main/core/team/**/*.test.ts', 'test-support/postgres*.test.ts', 'src-main/cli/team-*.test.ts', 'src-main/app/**/*.pg.test.ts'],
          // Starting the cluster, and the hand-over tests, wait on a real server.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias: { electron: electronMock } },
        test: {
          name: 'shell',
          environment: 'node',
          // electron-store imports electron itself: run it through vite so the alias applies.
          server: { deps: { inline: ['electron-store'] } },
          include: ['src-main/shell/**/*.test.ts', 'src-preload/**/*.test.ts'],
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src-renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
