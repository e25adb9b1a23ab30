export { Simulator, type SimulatorOptions } from './simulator';
export { DEFAULT_SCENARIOS, loadScenarioFile, type Scenario, type ScenarioTable } from './ringout/scenarios';
export { DEMO_ACCOUNT, DEMO_APP } from './account/demo-account';
export type { Faults, FaultsPatch } from './faults';
