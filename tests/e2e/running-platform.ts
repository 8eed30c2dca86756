import {
  createTestDatabase,
  deleteTopicsWithPrefix,
  namedTestDatabase,
  serviceTestEnv,
  uniqueTopicPrefix,
} from '@dxhub/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '../..');

export interface PlatformPorts {
  tasks: number;
  indicators: number;
  notifications: number;
  reporting: number;
  /** The web app's server. */
  web: number;
}

/** The platform as `npm start` runs it (its script), on its own ports, database and topic prefix. */
export class RunningPlatform {
  private output = '';

  private constructor(
    readonly prefix: string,
    /** The environment the services run with (database, broker, topic prefix, ports): for commands run beside them. */
    readonly env: Record<string, string>,
    private readonly process: ChildProcess,
    private readonly dropDatabase: () => Promise<void>,
    /** Everything the platform printed also goes here (tmp/e2e-<label>.log), to read after a failure. */
    logFile: string,
  ) {
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile);
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      log.write(chunk);
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    process.once('exit', () => log.end());
  }

  /**
   * `extraEnv` overrides the test environment (and an entry set to '' removes it); with `freshDatabase` the
   * database is only named, so `npm start` meets a database that has never existed.
   */
  static async start(
    label: string,
    ports: PlatformPorts,
    { freshDatabase = false, extraEnv = {} }: { freshDatabase?: boolean; extraEnv?: Record<string, string> } = {},
  ): Promise<RunningPlatform> {
    const database = freshDatabase ? namedTestDatabase(label) : await createTestDatabase(label);
    const prefix = uniqueTopicPrefix(label);
    const base: Record<string, string> = { ...serviceTestEnv(database, prefix), ...extraEnv };
    for (const [key, value] of Object.entries(extraEnv)) if (value === '') delete base[key];
    const env = {
      ...base,
      TASKS_PORT: String(ports.tasks),
      INDICATORS_PORT: String(ports.indicators),
      NOTIFICATIONS_PORT: String(ports.notifications),
      REPORTING_PORT: String(ports.reporting),
      WEB_PORT: String(ports.web),
    };
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !(key in extraEnv && extraEnv[key] === '')),
    );
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start-platform.mjs')], {
      cwd: ROOT,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const platform = new RunningPlatform(
      prefix,
      env,
      child,
      () => database.drop(),
      join(ROOT, 'tmp', `e2e-${label}.log`),
    );
    const deadline = Date.now() + 300000;
    while (!platform.output.includes('DX Hub is up')) {
      const problem =
        child.exitCode !== null
          ? `npm start's script exited with ${child.exitCode}`
          : Date.now() > deadline
            ? 'the platform did not start within 300 s'
            : undefined;
      if (problem) {
        await platform.dispose();
        throw new Error(`${problem}\n--- what it printed (last 4000 characters) ---\n${platform.output.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return platform;
  }

  /**
   * Runs one of the repo's scripts (`scripts/demo.mjs`) beside the platform, with its environment and `extraEnv`.
   * Not spawnSync: this process must keep reading the platform's output meanwhile, or the services block on their
   * full stdout pipe.
   */
  runScript(script: string, extraEnv: Record<string, string> = {}): Promise<{ stderr: string; status: number | null }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, script)], {
        cwd: ROOT,
        env: { ...process.env, ...this.env, ...extraEnv },
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (status) => resolve({ stderr, status }));
    });
  }

  /** Everything the script printed so far. */
  printed(): string {
    return this.output;
  }

  /** Ctrl-C, as a user stops it; resolves with the exit code. */
  async interrupt(): Promise<number | null> {
    if (this.process.exitCode !== null) return this.process.exitCode;
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGINT');
    return exited;
  }

  /** Stops it if still running, and removes its database and topics. */
  async dispose(): Promise<void> {
    await this.interrupt();
    await this.dropDatabase();
    await deleteTopicsWithPrefix(this.prefix);
  }
}
