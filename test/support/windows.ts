/** The most stamps (ms, any order) that any window of `windowMs` holds. */
export function busiestWindow(stamps: number[], windowMs: number): number {
  const times = [...stamps].sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return busiest;
}
