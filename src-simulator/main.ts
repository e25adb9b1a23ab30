import { parseArgs } from 'node:util';
import type { Simulator } from './simulator';
import { startTestSimulator } from './testing';
import { Simulator as DemoSimulator } from './simulator';
import { TEAM_ACCOUNT, TEAM_APP } from './account/team-account';

/** `npm run --silent simulator -- --port <p> [--time-scale <x>] [--scenario <file>] [--seed-history <n>] [--team] [--controls]` */
async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'time-scale': { type: 'string', default: '1' },
        scenario: { type: 'string' },
        'seed-history': { type: 'string', default: '0' },
        'auto-approve': { type: 'boolean', default: false },
        controls: { type: 'boolean', default: false },
        // The 50-user team account (issue 29); --seed-history is then each user's count.
        team: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log('Usage: simulator [--port <p>] [--time-scale <x>] [--scenario <file>] [--seed-history <n>] [--team] [--auto-approve] [--controls]');
    return;
  }
  const port = Number(values.port);
  const timeScale = Number(values['time-scale']);
  const seedHistory = Number(values['seed-history']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got "${values.port}"`);
  if (!(timeScale > 0)) fail(`--time-scale must be a positive number, got "${values['time-scale']}"`);
  if (!Number.isInteger(seedHistory) || seedHistory < 0) fail(`--seed-history must be a whole number, got "${values['seed-history']}"`);
  let sim: Simulator;
  try {
    const history = values.team ? { account: TEAM_ACCOUNT, app: TEAM_APP, seedHistoryPerUser: seedHistory } : { seedHistory };
    const options = { port, timeScale, scenarioFile: values.scenario, ...history, autoApprove: values['auto-approve'] };
    sim = values.controls ? await startTestSimulator(options) : await DemoSimulator.start(options);
  } catch (error) {
    fail((error as Error).message);
  }
  console.log(`Simulator listening on ${sim.url}`);
  // For a test or benchmark driving a standalone simulator: the controls' prefix and this run's token.
  if (sim.controlToken) console.log(`Controls at ${sim.url}${sim.controlPrefix} with X-Simulator-Token: ${sim.controlToken}`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function fail(message: string): never {
  console.error(`simulator: ${message}`);
  process.exit(2);
}

await main();
