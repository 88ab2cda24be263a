import type { AppConfig } from '@tagstream/config';

/**
 * Says which setting to change when the HTTP server cannot listen, naming the
 * variable as a configuration error does; undefined for any other failure.
 */
export function explainListenError(error: unknown, config: Pick<AppConfig, 'HOST' | 'PORT'>): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT ${config.PORT} is already in use on ${config.HOST}: stop what listens there or set another PORT`;
    case 'EACCES':
      return `PORT ${config.PORT} needs privileges this process lacks on ${config.HOST}: use a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `HOST ${config.HOST} is not an address of this machine: use one of its addresses, or 0.0.0.0 for all`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${config.HOST} does not resolve (${code}): use a name this machine resolves, or an IP address`;
    default:
      return undefined;
  }
}
