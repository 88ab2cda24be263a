import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { defaultConsoleDir } from './console-assets';
import { ConsoleController } from './console.controller';
import { CONSOLE_DIR, ConsoleStaticMiddleware } from './console-static.middleware';

/** The web console: its built files at /console and the demo-token list of the sign-in page. Needs AuthModule and ConfigModule. */
@Module({})
export class ConsoleModule implements NestModule {
  static forRoot(dir: string = defaultConsoleDir()): DynamicModule {
    return { module: ConsoleModule, controllers: [ConsoleController], providers: [{ provide: CONSOLE_DIR, useValue: dir }, ConsoleStaticMiddleware] };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ConsoleStaticMiddleware).forRoutes('console{/*path}');
  }
}
