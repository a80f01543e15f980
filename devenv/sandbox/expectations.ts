// When the sandbox's examples are where they should be: every one Ready, except those annotated as meant to fail,
// which must be not Ready with exactly the reason they name. Pure.

/** On an example meant to fail: the Ready reason it must show, e.g. `PasswordRetrievalNotPermitted`. */
export const EXPECTED_READY_REASON = 'examples.ecsgmsa.io/expected-ready-reason';

/** An example as observed. */
export interface ExampleState {
  /** Ready's status: `True`, `False` or `Unknown` (no condition yet). */
  ready: string;
  reason: string;
  /** The annotation's value, when the example is meant to fail. */
  expectedReason?: string;
}

/** True when the example is where it should be: Ready, or (meant to fail) not Ready for exactly its reason. */
export function asExpected(state: ExampleState): boolean {
  if (state.expectedReason === undefined) return state.ready === 'True';
  return state.ready === 'False' && state.reason === state.expectedReason;
}

/** True when there are examples and every one is as expected (what `--until-ready` waits for). */
export function allAsExpected(states: readonly ExampleState[]): boolean {
  return states.length > 0 && states.every(asExpected);
}
