/** Rounds to three decimals (milliseconds of a duration in seconds): logs and outputs stay short and stable. */
const round3 = (n) => Math.round(n * 1000) / 1000;

export { round3 as r };
