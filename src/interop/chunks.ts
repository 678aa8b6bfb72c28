/** Byte chunks of a string or buffer (as a single chunk) or of a stream, whichever `source` is. */
export async function* byteChunks(source: string | Uint8Array | AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string') yield Buffer.from(source);
  else if (source instanceof Uint8Array) yield source;
  else for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** The chunks unchanged, each shown to `see` as it passes (to hash them, count them, or refuse too many). */
export async function* passing(chunks: AsyncIterable<Uint8Array>, see: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    see(chunk);
    yield chunk;
  }
}
