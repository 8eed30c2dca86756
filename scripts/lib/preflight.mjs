// What `npm start` checks before it starts anything, each failure one line saying what and how to fix it:
// the ports it needs, PostgreSQL, Java and Maven. It also creates the database once, before any service
// starts, so the services never race to create it.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A start that cannot go on: `message` is the one line the person reads. */
export class PreflightError extends Error {}

/** Resolves when every port can be bound on host; otherwise throws naming the first one taken and its owner. */
export async function checkPortsFree(host, ports) {
  for (const { port, name, variable } of ports) {
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ port: Number(port), host, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (!free) {
      const holder = portHolder(port);
      throw new PreflightError(
        `port ${port} (${name}) is already taken${holder ? ` by ${holder}` : ''}: stop that process, or choose another port, e.g. ${variable}=${Number(port) + 100} npm start`,
      );
    }
  }
}

function portHolder(port) {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(ss.stdout ?? '');
  return match ? `${match[1]} (pid ${match[2]})` : undefined;
}

/**
 * Connects to the server of `databaseUrl` and creates its database when missing (and the schemas named),
 * once, before the services start. Returns true when the database was created now.
 */
export async function preparePostgres(databaseUrl, { createDatabase, schemas = [] }) {
  // Loaded here, not at the top: on a fresh clone `npm start` installs the dependencies before it gets here.
  const { default: pg } = await import('pg');
  const target = new URL(databaseUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const where = `${target.hostname}:${target.port || 5432}`;
  const admin = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new PreflightError(postgresProblem(error, where));
  }
  let created = false;
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      if (!createDatabase) {
        throw new PreflightError(
          `the database '${database}' does not exist on ${where} and DATABASE_CREATE_IF_MISSING is false: create it, or set DATABASE_CREATE_IF_MISSING=true`,
        );
      }
      try {
        await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
        created = true;
      } catch (error) {
        // Another start created it meanwhile: 42P04, or 23505 when both passed the catalogue check together.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      }
    }
  } finally {
    await admin.end();
  }
  if (schemas.length > 0) {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await client.end();
    }
  }
  return created;
}

function postgresProblem(error, where) {
  if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || /timeout/i.test(error.message)) {
    return `PostgreSQL is not running at ${where}: start it (Debian/Ubuntu: sudo service postgresql start; macOS: brew services start postgresql@15), or point DATABASE_URL at one`;
  }
  if (error.code === '28P01' || error.code === '28000') {
    return `PostgreSQL at ${where} refused the login in DATABASE_URL (${error.message}): fix the user or password in DATABASE_URL`;
  }
  return `PostgreSQL at ${where} could not be reached (${error.message}): check DATABASE_URL`;
}

/** Throws unless a Java 17+ runs; `why` says who needs it ("Keycloak runs on it"). */
export function checkJava(why) {
  const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
  const run = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr ?? ''}${run.stdout ?? ''}`);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : undefined;
  const install =
    'install a JDK 17 or newer (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17) or set JAVA_HOME to one';
  if (run.error || major === undefined) throw new PreflightError(`Java is missing (${why}): ${install}`);
  if (major < 17) throw new PreflightError(`Java ${major} is too old (${why}, needing 17 or newer): ${install}`);
}

/** Throws unless Maven runs; `forWhat` says what it would fetch. */
export function checkMaven(forWhat) {
  const run = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new PreflightError(
      `Maven is missing and ${forWhat} not downloaded yet: install Maven 3.8+ (Debian/Ubuntu: sudo apt-get install maven; macOS: brew install maven)`,
    );
  }
}
