export { Simulator, type SimulatorOptions } from './simulator';
export { DEFAULT_SCENARIOS, loadScenarioFile, type Scenario, type ScenarioTable } from './ringout/scenarios';
export { DEMO_ACCOUNT, DEMO_APP, RINGSIDE_REDIRECT_URI } from './account/demo-account';
export { TEAM_ACCOUNT, TEAM_APP, TEAM_SIZE } from './account/team-account';
export { REALISTIC, type Realism } from './realism';
export type { Faults, FaultsPatch } from './faults';
