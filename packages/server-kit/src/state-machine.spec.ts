import { describe, expect, it } from 'vitest';
import { IllegalTransition, stateMachine } from './state-machine.ts';

const door = stateMachine<'OPEN' | 'SHUT' | 'GONE', 'SHUT' | 'OPEN' | 'REMOVE'>('door', {
  OPEN: { SHUT: 'SHUT', REMOVE: 'GONE' },
  SHUT: { OPEN: 'OPEN' },
  GONE: {},
});

describe('stateMachine', () => {
  it('leads each accepted event to the state its table names', () => {
    expect(door.apply('OPEN', 'SHUT')).toBe('SHUT');
    expect(door.apply('SHUT', 'OPEN')).toBe('OPEN');
    expect(door.apply('OPEN', 'REMOVE')).toBe('GONE');
    expect(door.accepts('OPEN', 'SHUT')).toBe(true);
  });

  it('refuses an event its table does not list, with a typed error naming the lifecycle', () => {
    expect(door.accepts('SHUT', 'REMOVE')).toBe(false);
    expect(door.accepts('GONE', 'OPEN')).toBe(false);
    let thrown: unknown;
    try {
      door.apply('GONE', 'OPEN');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransition);
    expect(thrown).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      machine: 'door',
      from: 'GONE',
      event: 'OPEN',
    });
    expect((thrown as Error).message).toBe('A door in state GONE does not accept OPEN');
  });
});
