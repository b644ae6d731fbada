// The DynamoDB calls the code under test makes, counted on the client it uses (functions/clients/dynamodb.ts)
// with a middleware of the SDK: how many of each operation, and in how many waves — a wave starts when a call
// is sent while none is in flight, so waves count the store round trips a request waits for one after the
// other (calls sent side by side share a wave). The local server runs in the test's process and so uses the
// same client.

import { dynamo } from '#functions/clients/dynamodb.ts';

export interface StoreCalls {
  /** Calls per operation (`GetItemCommand`, `QueryCommand`, …) since the last `reset`. */
  readonly operations: Map<string, number>;
  readonly waves: number;
  readonly total: number;
  reset(): void;
}

let installed: { calls: StoreCalls; state: { inFlight: number; waves: number } } | undefined;

/** Starts counting (once per process; later calls return the same counter). */
export function countStoreCalls(): StoreCalls {
  if (installed) return installed.calls;
  const state = { inFlight: 0, waves: 0 };
  const operations = new Map<string, number>();
  const calls: StoreCalls = {
    operations,
    get waves() {
      return state.waves;
    },
    get total() {
      return [...operations.values()].reduce((a, b) => a + b, 0);
    },
    reset() {
      operations.clear();
      state.waves = 0;
    },
  };
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown');
      operations.set(name, (operations.get(name) ?? 0) + 1);
      if (state.inFlight === 0) state.waves++;
      state.inFlight++;
      try {
        return await next(args);
      } finally {
        state.inFlight--;
      }
    },
    { step: 'initialize', name: 'countStoreCalls' },
  );
  installed = { calls, state };
  return calls;
}
