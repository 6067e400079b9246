import type { StateMachine } from '../state-machine.ts';

/**
 * Every (state, event) pair of a lifecycle with the state it leads to, or null where it is
 * refused: a spec compares it with the table it expects, so an added or lost transition shows.
 */
export function transitionTable<S extends string, E extends string>(
  machine: StateMachine<S, E>,
  events: readonly E[],
): [S, E, S | null][] {
  const states = Object.keys(machine.table) as S[];
  return states.flatMap((from) =>
    events.map((event): [S, E, S | null] => [
      from,
      event,
      machine.accepts(from, event) ? machine.apply(from, event) : null,
    ]),
  );
}
