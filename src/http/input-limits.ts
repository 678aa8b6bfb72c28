import type { FastifyInstance } from 'fastify';
import { checkJsonTextDepth, checkValueDepth } from '../domain/input-limits.ts';

/**
 * Hostile request bodies: JSON is measured for depth before it is parsed (V8 takes seconds over a few megabytes of
 * brackets, and the schema validation after it recurses), with Fastify's own parser after that (prototype
 * poisoning refused). Routes with a parser of their own (STIX, TAXII media types) are checked once parsed.
 * Size limits stay per route (`bodyLimit`; 5 MiB by default in app.ts).
 */
export function registerInputLimits(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = raw as string;
    try {
      checkJsonTextDepth(body, 'The request body');
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    parseJson(request, body, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object') checkValueDepth(request.body, 'The request body');
  });
}
