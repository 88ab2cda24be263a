import { BadRequestException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { ConflictError, NotFoundError, ServiceUnavailableError, UnauthorizedError, ValidationFailedError } from '@tagstream/common';
import { toErrorResponse } from './error-response';

const request = { method: 'GET', path: '/v1/nowhere' };

describe('toErrorResponse', () => {
  it('maps an AppError to its status, code, message and details', () => {
    const problems = [{ path: 'events[3].data.fundCode', rule: 'matches', message: 'bad' }];
    expect(toErrorResponse(new ValidationFailedError('invalid', problems), request)).toEqual({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'invalid', details: { problems } } },
      headers: {},
      unexpected: false,
    });
    expect(toErrorResponse(new NotFoundError('no segment s1'), request).body.error).toEqual({ code: 'not_found', message: 'no segment s1', details: {} });
    expect(toErrorResponse(new ConflictError('version moved', { expected: 3 }), request)).toMatchObject({ status: 409, body: { error: { details: { expected: 3 } } } });
  });

  it('sets Retry-After for a ServiceUnavailableError that gives one', () => {
    const mapped = toErrorResponse(new ServiceUnavailableError('event store busy', 2.2), request);
    expect(mapped).toMatchObject({ status: 503, headers: { 'Retry-After': '3' }, body: { error: { code: 'unavailable' } } });
    expect(toErrorResponse(new ServiceUnavailableError('down'), request).headers).toEqual({});
  });

  it('adds a bearer challenge to 401', () => {
    expect(toErrorResponse(new UnauthorizedError('Missing bearer token'), request).headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('maps Nest HttpExceptions by status, 404 naming the route', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /v1/nowhere'), request).body.error).toEqual({
      code: 'not_found',
      message: 'No route GET /v1/nowhere',
      details: {},
    });
    expect(toErrorResponse(new BadRequestException(['a is bad', 'b is bad']), request).body.error).toMatchObject({ code: 'bad_request', message: 'a is bad; b is bad' });
    expect(toErrorResponse(new ForbiddenException(), request).status).toBe(403);
    expect(toErrorResponse(new HttpException('teapot', 418), request).body.error.code).toBe('http_418');
  });

  it.each([
    [{ type: 'entity.parse.failed', message: 'Unexpected token' }, 400, 'invalid_json'],
    [{ type: 'entity.too.large', limit: 2097152, length: 3000000 }, 413, 'payload_too_large'],
    [{ type: 'charset.unsupported', charset: 'latin-9' }, 415, 'unsupported_media_type'],
    [{ type: 'encoding.unsupported', encoding: 'br' }, 415, 'unsupported_media_type'],
  ])('maps the body-parser error %j', (error, status, code) => {
    expect(toErrorResponse(Object.assign(new Error('x'), error), request)).toMatchObject({ status, body: { error: { code } }, unexpected: false });
  });

  it.each([
    [{ status: 400, expose: true, code: 'Z_DATA_ERROR', message: 'incorrect header check' }],
    [{ status: 400, expose: true, code: 'ERR__ERROR_FORMAT_PADDING_2', message: 'Decompression failed' }],
  ])('answers a body that does not decompress (%j) with 400 invalid_json', (error) => {
    const mapped = toErrorResponse(Object.assign(new Error(error.message), error), request);
    expect(mapped).toMatchObject({ status: 400, body: { error: { code: 'invalid_json', details: { reason: error.code } } }, unexpected: false });
    expect(mapped.body.error.message).toContain(error.message);
  });

  it('answers anything else with a generic 500 that does not leak the message', () => {
    const mapped = toErrorResponse(new Error('connect ECONNREFUSED 10.0.0.7:9000 password=x'), request);
    expect(mapped).toEqual({ status: 500, body: { error: { code: 'internal', message: 'Internal server error', details: {} } }, headers: {}, unexpected: true });
    expect(toErrorResponse('a string', request).status).toBe(500);
    expect(toErrorResponse(new HttpException('gateway', 502), request).unexpected).toBe(true);
  });
});
