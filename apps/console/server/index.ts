export { ConsoleModule } from './console.module';
export { withConsoleUrl, consoleUrl } from './console-banner';
