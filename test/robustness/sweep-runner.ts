// Runs the deadline sweep once in a process of its own (so that its parent can kill it half-way by PID),
// for the instant and rounds given on the command line, and prints its report as one JSON line.
//
//   TABLE_NAME=… DYNAMODB_ENDPOINT=… node --import tsx test/robustness/sweep-runner.ts <at> [roundId…]

const [at, ...roundIds] = process.argv.slice(2);
if (!at) throw new Error('sweep-runner: the instant is required');
const { runSweep } = await import('#functions/jobs/sweep.ts');
const report = await runSweep(new Date(at), roundIds.length > 0 ? { roundIds } : {});
console.log(`SWEEP_REPORT ${JSON.stringify(report)}`);
process.exit(0);
