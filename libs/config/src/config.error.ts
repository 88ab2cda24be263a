/** One rejected variable: which one, which rule it broke, and a sentence saying so. */
export interface ConfigProblem {
  variable: string;
  rule: string;
  message: string;
}

/**
 * Thrown at start-up for a bad configuration. The message lists every problem,
 * each naming the variable and the rule, so one restart fixes them all.
 */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'ConfigError';
  }
}
