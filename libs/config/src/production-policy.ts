import {
  IsString,
  Validate,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

/**
 * What a service refuses to trust when it runs in production (NODE_ENV=production): the development token issuer
 * and key, key sets fetched over plain http, SASL credentials sent to the broker without TLS. Config classes call
 * `productionRefuses` from their validators, so a refusal is a ConfigurationError naming the variable, and the
 * service exits 78 (EX_CONFIG) before it listens.
 *
 * A lab that runs production builds on purpose with one of these (a staging cluster without TLS, say) names the
 * checks it waives in DXHUB_INSECURE_OVERRIDES, comma-separated, e.g. `kafka-sasl-without-tls`; each waived check
 * is logged as a warning at every start, so the override cannot go unnoticed.
 */
export type ProductionCheck = 'development-identity' | 'http-jwks' | 'kafka-sasl-without-tls';

export const PRODUCTION_CHECKS: readonly ProductionCheck[] = [
  'development-identity',
  'http-jwks',
  'kafka-sasl-without-tls',
];

/** The variable that lists the checks a lab waives. */
export const INSECURE_OVERRIDES_VARIABLE = 'DXHUB_INSECURE_OVERRIDES';

const warned = new Set<string>();

/** True when the process runs as production (the Dockerfile sets NODE_ENV=production). */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** The checks DXHUB_INSECURE_OVERRIDES waives; an unknown name is refused, so a typo cannot hide. */
export function waivedChecks(env: NodeJS.ProcessEnv = process.env): ProductionCheck[] {
  const named = (env[INSECURE_OVERRIDES_VARIABLE] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = named.filter((n) => !PRODUCTION_CHECKS.includes(n as ProductionCheck));
  if (unknown.length > 0)
    throw new Error(
      `${INSECURE_OVERRIDES_VARIABLE} names unknown checks (${unknown.join(', ')}); known: ${PRODUCTION_CHECKS.join(', ')}`,
    );
  return named as ProductionCheck[];
}

/**
 * Whether production refuses what `problem` describes: true in production unless the lab override waives `check`
 * (then the problem is logged as a warning, once per process, and false is returned). Always false outside
 * production.
 */
export function productionRefuses(
  check: ProductionCheck,
  problem: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (!isProduction(env)) return false;
  // Unknown names waive nothing here; ProductionPolicyConfig reports them as a problem of their own.
  const named = (env[INSECURE_OVERRIDES_VARIABLE] ?? '').split(',').map((s) => s.trim());
  if (!named.includes(check)) return true;
  const line = `${check}: ${problem}`;
  if (!warned.has(line)) {
    warned.add(line);
    process.stderr.write(
      `${JSON.stringify({
        level: 'warn',
        msg: `production check waived by ${INSECURE_OVERRIDES_VARIABLE}: not for a real deployment`,
        check,
        problem,
      })}\n`,
    );
  }
  return false;
}

@ValidatorConstraint({ name: 'knownOverrides' })
class KnownOverrides implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    try {
      waivedChecks({
        [INSECURE_OVERRIDES_VARIABLE]: String(value),
        NODE_ENV: (args.object as ProductionPolicyConfig).NODE_ENV,
      });
      return true;
    } catch (error) {
      this.problem = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return this.problem;
  }
}

/**
 * The two variables production checks read, as config properties: a config class whose validators call
 * `productionRefuses` extends this, so loadConfig reads them with the rest of its environment (and tests pass them).
 */
export class ProductionPolicyConfig {
  /** `production` turns the refusals on (the Dockerfile sets it). */
  @IsString()
  NODE_ENV = '';

  /** Checks a lab waives in production, comma-separated (logged at every start). */
  @IsString()
  @Validate(KnownOverrides)
  DXHUB_INSECURE_OVERRIDES = '';

  /** The environment `productionRefuses` reads, as this config was loaded from it. */
  policyEnv(): NodeJS.ProcessEnv {
    return { NODE_ENV: this.NODE_ENV, [INSECURE_OVERRIDES_VARIABLE]: this.DXHUB_INSECURE_OVERRIDES };
  }
}
