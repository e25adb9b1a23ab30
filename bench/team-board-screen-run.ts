/** `tsx bench/team-board-screen-run.ts [--quick]`: the team board's leg change → screen bench alone (build first: `npx electron-vite build`). */
import { teamBoardScreenBench } from './team-board-screen-bench';
import { describe } from './stats';

const quick = process.argv.includes('--quick');
console.log(describe(await teamBoardScreenBench(quick ? 1 : 5, 10)));
