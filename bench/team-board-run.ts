/** `tsx bench/team-board-run.ts [--quick]`: the team board latency bench alone. */
import { teamBoardBench } from './team-board-bench';
import { describe } from './stats';

const quick = process.argv.includes('--quick');
console.log(describe(await teamBoardBench(quick ? 1 : 5, 10)));
