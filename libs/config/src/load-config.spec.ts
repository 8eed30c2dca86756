import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { EnvInt } from './env-transforms';
import { ConfigurationError, loadConfig, loadConfigs } from './load-config';

class SampleConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\//)
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dxhub';
}

class OtherConfig {
  @EnvInt()
  @IsInt()
  BATCH_SIZE = 10;
}

describe('loadConfig', () => {
  it('takes defaults from the class and values from the environment', () => {
    const config = loadConfig(SampleConfig, { PORT: '3002', UNRELATED: 'x' });
    expect(config.PORT).toBe(3002);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/dxhub');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('names the bad variable and what it was', () => {
    expect(() => loadConfig(SampleConfig, { PORT: 'eighty' })).toThrow(/PORT: .*integer.*\(got 'eighty'\)/);
  });

  it('does not echo URLs, which may carry passwords', () => {
    try {
      loadConfig(SampleConfig, { DATABASE_URL: 'mysql://root:hunter2@db/x' });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('reports the problems of every concern together', () => {
    expect(() => loadConfigs([SampleConfig, OtherConfig], { PORT: '0', BATCH_SIZE: 'many' })).toThrow(
      /PORT: .*; BATCH_SIZE: /,
    );
  });
});
