import { IsIn, IsInt, Max, Min } from 'class-validator';
import { EnvInt } from './env-transforms';

/** HTTP listener and process-wide settings every service shares. */
export class HttpConfig {
  /** Port the service listens on; each service's main.ts passes its own default. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** Interface to bind; 0.0.0.0 in containers. */
  HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL = 'info';

  /** Longest a graceful shutdown may take before the process exits anyway. */
  @EnvInt()
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 15000;

  /** Server-sent-event streams one user may hold open at once, over all replicas (inbox, dashboard). */
  @EnvInt()
  @IsInt()
  @Min(1)
  SSE_STREAMS_PER_USER = 3;

  /** Server-sent-event streams a service holds open at once, over all replicas. */
  @EnvInt()
  @IsInt()
  @Min(1)
  SSE_STREAMS_TOTAL = 1000;

  /** How often an open stream marks itself alive; a dead replica's streams stop counting after three of these. */
  @EnvInt()
  @IsInt()
  @Min(100)
  SSE_HEARTBEAT_MS = 15000;
}
