// Scripts of this repository in Node processes of their own (through tsx), tracked and stopped by PID only:
// the fault-injection tests run an API server and the sweep in child processes they can kill.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './client.ts';

export interface Child {
  readonly pid: number;
  /** Every line the process printed (stdout and stderr), for failure messages. */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  /** Resolves with the first line matching `pattern` (already printed or to come). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Signals the PID and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A TypeScript script of this repository in a Node process of its own (through tsx), with exactly the
 * environment given on top of the parent's AWS-free basics. Tracked and stopped by PID only.
 */
export function spawnTsx(script: string, args: readonly string[], env: Record<string, string>): Child {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k.startsWith('AWS_')) continue;
    base[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: {
      ...base,
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 2000) lines.splice(0, 1000);
    for (const w of [...waiters]) {
      const m = w.pattern.exec(line);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  child.channel?.unref();
  return {
    pid,
    lines,
    exited,
    waitFor(pattern, timeoutMs = 90_000) {
      for (const line of lines) {
        const m = pattern.exec(line);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script}: no line matching ${pattern}\n${lines.slice(-30).join('\n')}`)),
          timeoutMs,
        );
        void exited.then((code) =>
          setTimeout(
            () => reject(new Error(`${script} exited (${code})\n${lines.slice(-30).join('\n')}`)),
            50,
          ),
        );
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    async kill(signal = 'SIGTERM') {
      if (done) return;
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
      await exited;
    },
  };
}
