/**
 * When each target is probed next: every interval, spread by a random jitter so that many targets (and
 * many monitors) do not hit the mirrors in lock-step. Pure: the caller passes the clock and the random
 * number.
 */

/**
 * The first probe time of a target: within the jitter window after start.
 * @param now ms since the epoch; @param rand a number in [0, 1); @returns ms since the epoch.
 */
export function firstDue(now: number, intervalMs: number, jitter: number, rand: number): number {
  return now + Math.floor(rand * intervalMs * jitter);
}

/**
 * The next probe time after a probe that started at `lastStart`: one interval later, moved by up to
 * ±jitter × interval, and never in the past (a probe that overran its interval is followed at once).
 * @param rand a number in [0, 1); times in ms since the epoch.
 */
export function nextDue(
  lastStart: number,
  intervalMs: number,
  jitter: number,
  rand: number,
  now: number,
): number {
  const spread = intervalMs * jitter;
  return Math.max(now, Math.round(lastStart + intervalMs + (rand * 2 - 1) * spread));
}

/**
 * The sentinel modules of probe number `round` (0, 1, 2…) when each probe takes `perProbe` of them in turn:
 * a window of the list starting at round × perProbe, wrapping around; the whole list when perProbe ≥ its
 * length. Over ⌈length / perProbe⌉ consecutive rounds every item is taken at least once.
 */
export function rotation<T>(list: readonly T[], round: number, perProbe: number): T[] {
  if (perProbe >= list.length) return [...list];
  const start = (round * perProbe) % list.length;
  return Array.from({ length: perProbe }, (_, i) => list[(start + i) % list.length]!);
}
