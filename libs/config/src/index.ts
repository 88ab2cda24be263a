export { AppConfig, ERASURE_STEPS, LOG_LEVELS, NODE_ENVS } from './app-config';
export type { ErasureStep, LogLevel, NodeEnv } from './app-config';
export { ConfigError } from './config.error';
export type { ConfigProblem } from './config.error';
export { CONFIG_VARIABLES, CONFIG_VARIABLE_NAMES } from './config-variables';
export type { ConfigVariable } from './config-variables';
export { ConfigModule } from './config.module';
export { loadConfig } from './load-config';
export { PSEUDONYM_KEY_FILE } from './pseudonym-key';
