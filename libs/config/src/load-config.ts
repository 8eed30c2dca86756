import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

export type ConfigClass<T extends object = object> = new () => T;

/** Thrown at boot when the environment does not satisfy a config class; names every bad variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.problem}`).join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Reads one concern's settings from the environment. The class's property names are the variable
 * names; its initialisers are the defaults; its class-validator rules decide what is valid.
 */
export function loadConfig<T extends object>(configClass: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new configClass() as Record<string, unknown>;
  const known = Object.keys(defaults);
  const given = Object.fromEntries(known.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  const config = plainToInstance(configClass, { ...defaults, ...given });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigurationError(errors.map((e) => describe(e, given)));
  return config;
}

/** Loads several concerns at once and reports every problem together. */
export function loadConfigs(classes: ConfigClass[], env: NodeJS.ProcessEnv = process.env): Map<ConfigClass, object> {
  const loaded = new Map<ConfigClass, object>();
  const problems: ConfigurationError['problems'] = [];
  for (const configClass of new Set(classes)) {
    try {
      loaded.set(configClass, loadConfig(configClass, env));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return loaded;
}

function describe(error: ValidationError, given: Record<string, unknown>): { variable: string; problem: string } {
  const messages = Object.values(error.constraints ?? {}).join(', ');
  const value = given[error.property];
  // Values are echoed only for short, non-secret-looking settings.
  const secret = /PASSWORD|SECRET|TOKEN|KEY/i.test(error.property) || /URL$/i.test(error.property);
  const shown = value === undefined ? ' (not set)' : secret ? '' : ` (got '${String(value)}')`;
  return { variable: error.property, problem: `${messages}${shown}` };
}
