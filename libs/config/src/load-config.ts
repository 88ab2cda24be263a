import { resolve } from 'node:path';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './app-config';
import { ConfigError, ConfigProblem } from './config.error';
import { CONFIG_VARIABLES, ConfigVariable } from './config-variables';
import { ensureDataDir } from './data-dir';
import { lockDataDir } from './data-dir-lock';
import { resolvePseudonymKey } from './pseudonym-key';

const INTEGER_VARIABLES = new Set(['PORT', 'EVENTSTORE_EMBEDDED_PORT', 'MIN_AUDIENCE_SIZE', 'DIFFERENCE_CHECK_RETENTION_DAYS', 'DIFFERENCE_CHECK_MAX_ANSWERS']);

export interface LoadConfigOptions {
  /**
   * Claim DATA_DIR for this process (`lockDataDir`) before anything is
   * written there: the single-process mode, whose embedded stores live in it.
   */
  lockDataDir?: boolean;
}

/**
 * Reads, validates and completes the configuration. An empty value counts as
 * unset (compose files often pass `VAR=`). Throws `ConfigError` naming every bad
 * variable; never returns a half-valid config.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const config = new AppConfig();
  const raw: Record<string, string> = {};
  for (const variable of CONFIG_VARIABLES) {
    const value = env[variable.name];
    if (value === undefined || value === '') continue;
    raw[variable.name] = value;
    (config as unknown as Record<string, unknown>)[variable.name] = coerce(variable.name, value);
  }

  const errors = validateSync(config, { stopAtFirstError: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(errors.map((e) => toProblem(e, raw)));

  config.DATA_DIR = resolve(config.DATA_DIR);
  ensureDataDir(config.DATA_DIR);
  if (options.lockDataDir) lockDataDir(config.DATA_DIR);
  if (config.PSEUDONYM_KEY === undefined) config.PSEUDONYM_KEY = resolvePseudonymKey(config.DATA_DIR);
  return config;
}

function coerce(name: string, value: string): unknown {
  // A non-numeric string stays a string so the integer rule rejects it with its own message.
  if (INTEGER_VARIABLES.has(name) && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

function toProblem(error: ValidationError, raw: Record<string, string>): ConfigProblem {
  const [rule, message] = Object.entries(error.constraints ?? { invalid: `${error.property} is invalid` })[0];
  const given = raw[error.property];
  return { variable: error.property, rule, message: given === undefined ? message : `${message} (got ${describe(error.property, given)})` };
}

function describe(name: string, value: string): string {
  const variable: ConfigVariable | undefined = CONFIG_VARIABLES.find((v) => v.name === name);
  if (variable?.secret) return `a value of ${value.length} characters`;
  // Connection URLs may carry a password in their user-info part.
  return JSON.stringify(value.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@'));
}
