import { EnvBoolean, EnvInt, ProductionPolicyConfig, productionRefuses } from '@dxhub/config';
import {
  IsBoolean,
  IsInt,
  IsString,
  Max,
  Min,
  MinLength,
  Validate,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEVELOPMENT_ISSUER, DEVELOPMENT_KEY_SHA256, publicKeyFingerprint } from './development-identity';

/** Exactly one key source, and a PEM that parses: checked at boot so a bad key stops the service. */
@ValidatorConstraint({ name: 'oneKeySource' })
class OneKeySource implements ValidatorConstraintInterface {
  private problem = '';

  validate(_: unknown, args: ValidationArguments): boolean {
    const c = args.object as AuthConfig;
    const given = [c.AUTH_JWKS_URL, c.AUTH_PUBLIC_KEY, c.AUTH_PUBLIC_KEY_FILE].filter((v) => v !== '');
    if (given.length !== 1) {
      this.problem = 'set exactly one of AUTH_JWKS_URL, AUTH_PUBLIC_KEY, AUTH_PUBLIC_KEY_FILE';
      return false;
    }
    if (c.AUTH_JWKS_URL !== '' && !/^https?:\/\/\S+$/.test(c.AUTH_JWKS_URL)) {
      this.problem = 'AUTH_JWKS_URL must be an http(s) URL';
      return false;
    }
    if (c.AUTH_JWKS_URL === '') {
      try {
        createPublicKey(c.AUTH_PUBLIC_KEY !== '' ? c.AUTH_PUBLIC_KEY : readFileSync(c.AUTH_PUBLIC_KEY_FILE, 'utf8'));
      } catch (error) {
        this.problem = `the public key (PEM) could not be read: ${(error as Error).message}`;
        return false;
      }
    }
    return true;
  }

  defaultMessage(): string {
    return this.problem;
  }
}

/**
 * Production trusts no development identity: not the issuer of infra/dev-auth, not its key under any issuer name.
 * Its private key is in the repository, so trusting it lets anyone mint an admin's token.
 */
@ValidatorConstraint({ name: 'notDevelopmentIdentity' })
class NotDevelopmentIdentity implements ValidatorConstraintInterface {
  private problem = '';

  validate(_: unknown, args: ValidationArguments): boolean {
    const c = args.object as AuthConfig;
    const env = c.policyEnv();
    const why = 'whose private key is public in the repository, so anyone could mint an admin token';
    if (
      c.AUTH_ISSUER === DEVELOPMENT_ISSUER &&
      productionRefuses('development-identity', `AUTH_ISSUER is the development issuer`, env)
    ) {
      this.problem = `NODE_ENV=production refuses the development issuer ${DEVELOPMENT_ISSUER} (infra/dev-auth), ${why}; set AUTH_ISSUER and AUTH_JWKS_URL to the OpenID Connect provider's`;
      return false;
    }
    if (
      developmentKeyConfigured(c) &&
      productionRefuses('development-identity', 'the verification key is the development key', env)
    ) {
      this.problem = `NODE_ENV=production refuses the development key of infra/dev-auth (AUTH_PUBLIC_KEY / AUTH_PUBLIC_KEY_FILE), ${why}`;
      return false;
    }
    return true;
  }

  defaultMessage(): string {
    return this.problem;
  }
}

/** Production fetches keys over https only: over http anyone on the path can hand the services a key of theirs. */
@ValidatorConstraint({ name: 'httpsJwksInProduction' })
class HttpsJwksInProduction implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    const c = args.object as AuthConfig;
    return !(
      /^http:\/\//i.test(c.AUTH_JWKS_URL) &&
      productionRefuses('http-jwks', 'AUTH_JWKS_URL is plain http', c.policyEnv())
    );
  }

  defaultMessage(): string {
    return 'NODE_ENV=production refuses a plain-http AUTH_JWKS_URL: anyone on the path could replace the signing keys; use https';
  }
}

function developmentKeyConfigured(c: AuthConfig): boolean {
  try {
    const pem =
      c.AUTH_PUBLIC_KEY !== ''
        ? c.AUTH_PUBLIC_KEY
        : c.AUTH_PUBLIC_KEY_FILE !== ''
          ? readFileSync(c.AUTH_PUBLIC_KEY_FILE, 'utf8')
          : '';
    return pem !== '' && publicKeyFingerprint(pem) === DEVELOPMENT_KEY_SHA256;
  } catch {
    return false; // OneKeySource reports a key that does not read
  }
}

/**
 * Bearer-token authentication and the write rate limit, shared by every service. Tokens come from an
 * OpenID Connect issuer; its keys from AUTH_JWKS_URL (cached, refetched on an unknown kid) or a PEM.
 */
export class AuthConfig extends ProductionPolicyConfig {
  /** Expected `iss` claim, e.g. https://id.dongthap.gov.vn/realms/dxhub. */
  @IsString()
  @Validate(NotDevelopmentIdentity)
  @MinLength(1, { message: 'AUTH_ISSUER must be set (the OpenID Connect issuer whose tokens are accepted)' })
  AUTH_ISSUER = '';

  /** Expected in the `aud` claim. */
  @IsString()
  @MinLength(1, { message: 'AUTH_AUDIENCE must be set (the audience tokens are minted for)' })
  AUTH_AUDIENCE = '';

  /** The issuer's JWKS endpoint; or AUTH_PUBLIC_KEY / AUTH_PUBLIC_KEY_FILE (one of the three). */
  @IsString()
  @Validate(OneKeySource)
  @Validate(HttpsJwksInProduction)
  AUTH_JWKS_URL = '';

  /** The verification key as PEM text. */
  @IsString()
  AUTH_PUBLIC_KEY = '';

  /** A file holding the verification key as PEM. */
  @IsString()
  AUTH_PUBLIC_KEY_FILE = '';

  @EnvInt()
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_TOLERANCE_S = 30;

  @EnvInt()
  @IsInt()
  @Min(1000)
  AUTH_JWKS_CACHE_MS = 600000;

  @EnvInt()
  @IsInt()
  @Min(0)
  AUTH_JWKS_MIN_REFETCH_MS = 30000;

  /** Lets anonymous callers read published aggregates and the catalogue (routes marked @AnonymousReadable). */
  @EnvBoolean()
  @IsBoolean()
  AUTH_ANONYMOUS_READ = false;

  /** Writes (POST, PUT, PATCH, DELETE) each agency may make per minute, with bursts up to the same number; 0 turns the limit off. Counted in PostgreSQL: the limit holds across replicas. */
  @EnvInt()
  @IsInt()
  @Min(0)
  RATE_LIMIT_WRITES_PER_MINUTE = 300;

  /** Reads (GET, and an SSE stream's opening) each user may make per minute, bursts up to the same number; 0: off. */
  @EnvInt()
  @IsInt()
  @Min(0)
  RATE_LIMIT_READS_PER_MINUTE = 1200;
}
