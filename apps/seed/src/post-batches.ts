import { DomainEvent } from '@tagstream/events';

export interface PostResult {
  readonly accepted: number;
  readonly duplicates: number;
}

const MAX_ATTEMPTS = 8;

/**
 * Posts one batch to `POST /v1/events`, retrying what the service says may be
 * retried (503, honouring Retry-After) and connection failures. Retrying is
 * safe because the intake acknowledges known eventIds as duplicates.
 */
export async function postBatch(url: string, token: string, events: readonly DomainEvent[]): Promise<PostResult> {
  const body = JSON.stringify({ events });
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS) throw error;
      await pause(backoffMs(attempt));
      continue;
    }
    if (response.status === 202) return (await response.json()) as PostResult;
    const text = await response.text();
    if (response.status !== 503 || attempt >= MAX_ATTEMPTS) {
      throw new Error(`POST ${url}/v1/events answered ${response.status}: ${text.slice(0, 2000)}`);
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    await pause(retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt));
  }
}

function backoffMs(attempt: number): number {
  return Math.min(5000, 100 * 2 ** attempt);
}

// Waiting between retries of a remote call; this is a client pacing itself, not a test waiting on time.
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
