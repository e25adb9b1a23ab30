/** `tsx bench/team-archive-run.ts [count]`: the team archive bench alone (default: the quick count). */
import { teamArchiveBench } from './team-archive-bench';
import { describe } from './stats';

const count = Number(process.argv[2] ?? 20_000);
for (const figure of await teamArchiveBench(count)) console.log(describe(figure));
