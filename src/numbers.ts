/** Rounds to three decimals (milliseconds of a duration in seconds): logs and outputs stay short and stable. */
export const round3 = (n: number): number => Math.round(n * 1000) / 1000
