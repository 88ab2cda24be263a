import type { OpenAPIObject } from '@nestjs/swagger';

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: unknown }>;
}

/**
 * Every error answer has the one error shape, so the document says so once
 * here rather than on each decorator: each non-2xx response gets the
 * `ErrorResponseDto` schema, and each /v1 operation lists the answers every
 * such route can give (400 when it takes input, 503 when a store fails).
 */
export function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      if (path.startsWith('/v1/')) {
        if ((operation.parameters?.length || operation.requestBody) && !responses['400']) {
          responses['400'] = { description: 'The input is not valid; the error names the field and the rule (`details.problems` for validation failures: the first 100, and `details.omittedProblems` when more were found), and nothing was written' };
        }
        responses['503'] ??= { description: 'A store failed or is saturated; `details.retryable` is true and the same request may be retried' };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!status.startsWith('2') && response.content === undefined) response.content = ERROR_CONTENT;
      }
    }
  }
  return document;
}
