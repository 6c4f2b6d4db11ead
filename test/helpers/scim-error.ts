/** Catching the SCIM error a parser or evaluator throws, for the unit tables that check its status and scimType. */
import { expect } from 'vitest';
import { ScimError } from '../../server/scim/errors.js';

/** Runs `fn` and returns the ScimError it throws (failing the test if it throws something else or nothing). */
export function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error('expected a ScimError');
}
