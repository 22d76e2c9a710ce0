/**
 * Which of a lab's attack `objectives` its events (the parsed lines of events.jsonl) show as met: those named by an
 * `exploit` event. Lines that are not objects, other event types and objectives the lab does not have are ignored.
 * @example objectivesMet(['sqli-union', 'sqli-blind'], [{ type: 'exploit', objective: 'sqli-union' }]) // → { 'sqli-union': true, 'sqli-blind': false }
 */
export function objectivesMet<Objective extends string>(
  objectives: readonly Objective[],
  events: readonly unknown[],
): Record<Objective, boolean> {
  const met = Object.fromEntries(objectives.map((id) => [id, false])) as Record<Objective, boolean>;
  for (const event of events) {
    if (typeof event !== 'object' || event === null) continue;
    const { type, objective } = event as { type?: unknown; objective?: unknown };
    const known = objectives.find((id) => id === objective);
    if (type === 'exploit' && known !== undefined) met[known] = true;
  }
  return met;
}
