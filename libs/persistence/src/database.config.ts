import { EnvBoolean, EnvInt } from '@dxhub/config';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class DatabaseConfig {
  /** postgres://user[:password]@host:port/database; each service keeps its tables in its own schema there. */
  @IsString()
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like postgres://user@host:5432/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dxhub';

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Create the database on first start when it is missing (handy locally; off where DBAs own it). */
  @EnvBoolean()
  @IsBoolean()
  DATABASE_CREATE_IF_MISSING = true;
}
