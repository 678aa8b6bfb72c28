import { describe, expect, it } from 'vitest';
import { isStixId, stixIdOf, uuidV5 } from './ids.ts';

describe('deterministic STIX ids', () => {
  it('computes RFC 9562 UUIDv5 (the DNS-namespace example of python uuid.uuid5)', () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org'))"
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('names the same record alike every time and different records or types differently', () => {
    const record = '0f6a3c1e-8d44-4a51-9c1b-2f7d5f0d9a10';
    expect(stixIdOf('report', record)).toBe(stixIdOf('report', record));
    expect(stixIdOf('report', record)).not.toBe(stixIdOf('note', record));
    expect(stixIdOf('report', record)).toMatch(/^report--[0-9a-f-]{36}$/);
    expect(isStixId(stixIdOf('identity', record))).toBe(true);
  });
});
