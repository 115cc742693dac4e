/**
 * `pnpm --filter @device-commands/bench profile`: the hot-path profile alone (PROFILE_SECONDS, 10);
 * rewrites its section of BENCHMARKS.md and results/hot-path.json.
 */
import { fileURLToPath } from 'node:url';
import { benchProfile, profileSection } from './profile.ts';
import { writeSection } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const result = await benchProfile(Number(process.env.PROFILE_SECONDS ?? 10));
writeSection(root, 'hot-path', profileSection(result), result);
console.log(`bench: profiled ${result.seconds} s of get command (${result.rps} req/s); wrote BENCHMARKS.md`);
