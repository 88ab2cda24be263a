import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

interface BannerLike {
  fields?: Record<string, unknown>;
  lines?: string[];
}

/** Adds the console's address to a start-up banner. */
export function withConsoleUrl<T extends BannerLike>(banner: T, app: INestApplication): T {
  const url = consoleUrl(app);
  return { ...banner, fields: { ...banner.fields, console: url }, lines: [`  console   ${url}`, ...(banner.lines ?? [])] };
}

export function consoleUrl(app: INestApplication): string {
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}/console/`;
}
