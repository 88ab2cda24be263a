import { AppError } from '@tagstream/common';

/** The request body is not valid JSON. */
export class InvalidJsonError extends AppError {
  readonly code = 'invalid_json';
  readonly status = 400;
}

/** The request body is larger than HTTP_BODY_LIMIT. */
export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

/** The request carries a body this route cannot read (not JSON, or an unsupported charset/encoding). */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}
