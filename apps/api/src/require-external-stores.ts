import { AppConfig, ConfigError, ConfigProblem } from '@tagstream/config';

/**
 * The embedded event store and chDB live inside the single process (`npm
 * start`); separate api and projector processes cannot share them, so each
 * refuses to start without real servers.
 */
export function requireExternalStores(processName: string): (config: AppConfig) => void {
  return (config) => {
    const problems: ConfigProblem[] = [];
    for (const variable of ['EVENTSTORE_CONNECTION_STRING', 'CLICKHOUSE_URL'] as const) {
      if (config[variable] !== undefined) continue;
      problems.push({
        variable,
        rule: 'required',
        message: `${variable} is required by the ${processName} process: the embedded stores run only in the single-process mode (npm start)`,
      });
    }
    if (problems.length > 0) throw new ConfigError(problems);
  };
}
