import { DomainEvent } from '@tagstream/events';

export interface PostResult {
  readonly accepted: number;
  readonly duplicates: number;
}

/** Why a run against `--target` stopped, in one line a person can act on. */
export class SeedTargetError extends Error {}

/** What a retry is told to say on stderr before it waits. */
export type RetryNotice = (message: string) => void;

/** The service said it is busy (503): it is there, so waiting for it is worth a while. */
const BUSY_ATTEMPTS = 8;
/** No answer at all: a few quick retries cover a restart's gap; past that the service is gone. */
const UNREACHABLE_DELAYS_MS = [250, 500, 1000, 2000];

/**
 * Posts one batch to `POST /v1/events`, retrying what the service says may be
 * retried (503, honouring Retry-After) and, briefly, connection failures.
 * Every retry is announced through `notice`. Retrying is safe because the
 * intake acknowledges known eventIds as duplicates.
 */
export async function postBatch(url: string, token: string, events: readonly DomainEvent[], notice: RetryNotice = () => undefined): Promise<PostResult> {
  const body = JSON.stringify({ events });
  let unreachable = 0;
  for (let busy = 1; ; ) {
    let response: Response;
    try {
      response = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    } catch (error) {
      const reason = connectionFailure(error);
      if (unreachable >= UNREACHABLE_DELAYS_MS.length) {
        throw new SeedTargetError(`the service at ${url} does not answer (${reason}; ${unreachable + 1} attempts)`);
      }
      const delay = UNREACHABLE_DELAYS_MS[unreachable++];
      notice(`no answer from ${url} (${reason}); retrying in ${delay} ms`);
      await pause(delay);
      continue;
    }
    if (response.status === 202) return (await response.json()) as PostResult;
    const text = await response.text();
    if (response.status !== 503 || busy >= BUSY_ATTEMPTS) {
      throw new SeedTargetError(`POST ${url}/v1/events answered ${response.status}${errorSummary(text)}`);
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    const delay = retryAfter > 0 ? retryAfter * 1000 : Math.min(5000, 100 * 2 ** busy);
    notice(`${url} is busy (503); retrying in ${delay} ms`);
    busy++;
    await pause(delay);
  }
}

/** `fetch failed` says nothing; its cause says what happened to the connection. */
function connectionFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** The service's `{ error: { code, message } }` on one line, or the start of whatever else it sent. */
function errorSummary(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (error?.code) return ` ${error.code}: ${error.message ?? ''}`.trimEnd();
  } catch {
    // not the service's error shape
  }
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return line ? `: ${line}` : '';
}

// Waiting between retries of a remote call; this is a client pacing itself, not a test waiting on time.
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
