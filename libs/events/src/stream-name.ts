import { USER_ID_PATTERN } from './value-sets';

const USER_STREAM_PREFIX = 'user-';

/** Each user's raw events live in one stream, in the order they were accepted. */
export function userStreamName(userId: string): string {
  return USER_STREAM_PREFIX + userId;
}

/** The user a stream belongs to, or undefined when the stream is not a user stream. */
export function userIdFromStream(streamName: string): string | undefined {
  if (!streamName.startsWith(USER_STREAM_PREFIX)) return undefined;
  const userId = streamName.slice(USER_STREAM_PREFIX.length);
  return USER_ID_PATTERN.test(userId) ? userId : undefined;
}

export function isUserStream(streamName: string): boolean {
  return userIdFromStream(streamName) !== undefined;
}
