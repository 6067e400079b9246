/**
 * Lifecycles as tables. An aggregate with a status (a sale, a shift) lists, for each state, the
 * events it accepts and the state each leads to; its services ask the table instead of testing
 * columns, so every allowed change is written in one place and anything else is refused the
 * same way. A change the table does not allow is an {@link IllegalTransition}: services that can
 * meet one as an expected outcome check {@link StateMachine.accepts} first and answer with their
 * own user error; elsewhere {@link StateMachine.apply} throws it (an invariant was broken).
 */

/** A change a lifecycle does not allow: `event` in state `from` of the `machine` lifecycle. */
export class IllegalTransition extends Error {
  readonly code = 'ILLEGAL_TRANSITION';
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly event: string,
  ) {
    super(`A ${machine} in state ${from} does not accept ${event}`);
    this.name = 'IllegalTransition';
  }
}

/** For each state, the events it accepts and where each leads; a state with none is final. */
export type TransitionTable<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export interface StateMachine<S extends string, E extends string> {
  readonly name: string;
  readonly table: TransitionTable<S, E>;
  /** Whether a `from` accepts `event`. */
  accepts(from: S, event: E): boolean;
  /** The state `event` leads to from `from`; throws {@link IllegalTransition} when not allowed. */
  apply(from: S, event: E): S;
}

/** Builds the lifecycle `name` from its table. */
export function stateMachine<S extends string, E extends string>(
  name: string,
  table: TransitionTable<S, E>,
): StateMachine<S, E> {
  const target = (from: S, event: E): S | undefined => table[from][event];
  return {
    name,
    table,
    accepts: (from, event) => target(from, event) !== undefined,
    apply(from, event) {
      const to = target(from, event);
      if (to === undefined) throw new IllegalTransition(name, from, event);
      return to;
    },
  };
}
