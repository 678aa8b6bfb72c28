import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, invalid } from '../domain/errors.ts';
import { maxJsonDepth } from '../domain/input-limits.ts';
import { readJsonObjectStream } from './json-stream.ts';

type Event = ['member', string, unknown] | ['item', string, number, unknown];

/** The bytes of `text` in chunks of the given sizes (cycled), as a stream delivers them. */
async function* chunked(text: string | Uint8Array, sizes: number[] = [text.length]): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let at = 0, n = 0; at < bytes.length; n++) {
    const size = Math.max(1, sizes[n % sizes.length]!);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

const options = { what: 'The test document', malformed: (message: string) => invalid('file-malformed', message) };

async function eventsOf(source: AsyncIterable<Uint8Array>): Promise<Event[]> {
  const events: Event[] = [];
  await readJsonObjectStream(source, { member: (key, value) => events.push(['member', key, value]), item: (key, index, value) => events.push(['item', key, index, value]) }, options);
  return events;
}

/** What the reader must report for a document: JSON.parse's own reading, arrays item by item and then empty. */
function expectedEvents(document: Record<string, unknown>): Event[] {
  return Object.entries(document).flatMap(([key, value]): Event[] =>
    Array.isArray(value) ? [...value.map((item, index): Event => ['item', key, index, item]), ['member', key, []]] : [['member', key, value]],
  );
}

async function refusal(source: AsyncIterable<Uint8Array>) {
  const error = await eventsOf(source).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('reading a JSON object as a stream', () => {
  const document =
    '\uFEFF { "name" : "Zürich \\"quoted\\" \\\\ [not] {an array}", "n": -1.5e3, "yes": true, "none": null,\n' +
    '"__proto__": {"x": 1}, "items": [ {"a": [1, [2, {"b": "€"}]]}, "s,]", 7, [] , {} ], "empty": [], "object": {"k": ["v"]} }';

  it('hands over members whole and array items one by one, as JSON.parse reads them, however the bytes are chunked', async () => {
    const expected = expectedEvents(JSON.parse(document.slice(1)));
    expect(expected.find(([, key]) => key === '__proto__')).toBeDefined();
    for (const sizes of [[1], [2], [3], [7], [5, 1, 13], [document.length]]) expect(await eventsOf(chunked(document, sizes))).toEqual(expected);
  });

  it('reads any JSON object the same as JSON.parse does, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 6 }), { maxKeys: 8 }),
        fc.constantFrom(undefined, 0, 2, '\t'),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        async (value, indent, sizes) => {
          const text = JSON.stringify(value, null, indent);
          expect(await eventsOf(chunked(text, sizes))).toEqual(expectedEvents(JSON.parse(text) as Record<string, unknown>));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses every truncation of a document as not well-formed', async () => {
    for (let length = 0; length < document.length; length++) expect((await refusal(chunked(document.slice(0, length), [4]))).code).toBe('file-malformed');
  });

  it.each([
    ['a top level that is not an object', '[1, 2]', 'must be a JSON object'],
    ['data after the end', '{"a": 1} {"b": 2}', 'after the end'],
    ['a trailing comma between members', '{"a": 1,}', 'a member name'],
    ['a trailing comma between items', '{"a": [1,]}', 'in the value that starts at byte'],
    ['a missing colon', '{"a" 1}', '":"'],
    ['a bad value', '{"a": tru}', 'in the value that starts at byte 6'],
    ['a bad item', '{"a": [1, {"b": }]}', 'in the value that starts at byte 10'],
    ['nothing at all', '', 'ends before it is complete'],
    ['a member name given twice', '{"items": [1], "n": 2, "items": [3]}', 'the member "items" appears twice'],
  ])('refuses %s with a message', async (_name, text, message) => {
    const error = await refusal(chunked(text, [3]));
    expect(error.code).toBe('file-malformed');
    expect(error.message).toContain(message);
  });

  it('refuses nesting past the limit as soon as it is reached, reading no further', async () => {
    async function* endlessNesting(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`{"a": [${'['.repeat(maxJsonDepth)}`);
      throw new Error('read past the refusal');
    }
    expect((await refusal(endlessNesting())).code).toBe('nesting-too-deep');
    // At the limit itself the document is read.
    const atLimit = `{"a": ${'['.repeat(maxJsonDepth - 1)}${']'.repeat(maxJsonDepth - 1)}}`;
    expect(await eventsOf(chunked(atLimit))).toEqual(expectedEvents(JSON.parse(atLimit)));
  });

  it('stops reading when an item is refused', async () => {
    async function* itemThenMore(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"items": [{"bad": true},');
      throw new Error('read past the refusal');
    }
    const refused = invalid('sbom-invalid', 'bad item');
    const error = await readJsonObjectStream(
      itemThenMore(),
      {
        member: () => undefined,
        item: () => {
          throw refused;
        },
      },
      options,
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBe(refused);
  });
});
