import { type DynamicModule, Module } from '@nestjs/common';
import { type ConfigClass, loadConfigs } from './load-config';

const LOADED_CONFIG = Symbol('LOADED_CONFIG');

/**
 * Validates every listed config class against the environment while the app is being built (all
 * problems reported together, each naming its variable), then provides each instance under its class.
 */
@Module({})
export class ConfigModule {
  static forRoot(classes: ConfigClass[], env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        { provide: LOADED_CONFIG, useFactory: () => loadConfigs(classes, env) },
        ...classes.map((c) => ({
          provide: c,
          inject: [LOADED_CONFIG],
          useFactory: (loaded: Map<ConfigClass, object>) => loaded.get(c),
        })),
      ],
      exports: classes,
    };
  }
}
