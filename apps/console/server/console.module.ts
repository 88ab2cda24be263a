import { DynamicModule, Module } from '@nestjs/common';
import { ConsoleController, CONSOLE_DIR } from './console.controller';
import { defaultConsoleDir } from './console-assets';

/** The web console: its built files at /console and the demo-token list of the sign-in page. Needs AuthModule and ConfigModule. */
@Module({})
export class ConsoleModule {
  static forRoot(dir: string = defaultConsoleDir()): DynamicModule {
    return { module: ConsoleModule, controllers: [ConsoleController], providers: [{ provide: CONSOLE_DIR, useValue: dir }] };
  }
}
