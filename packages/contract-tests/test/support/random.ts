/** The suite's seed: FUZZ_SEED, or a fresh one (printed, so that a failure can be replayed). */
export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
