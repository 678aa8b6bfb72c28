import { createHash, randomUUID } from 'node:crypto';

/**
 * Vitaal's UUIDv5 namespace for STIX ids (RFC 9562 §5.5). Fixed for all time: the STIX id of a Vitaal record is
 * `type--uuidv5(namespace, "type:recordId")`, so that an export, a re-export and a re-import name the same object.
 */
export const vitaalStixNamespace = '8f0c7a52-3c4e-5d1b-9a61-6b2f1f6c2e4d';

/** A name-based UUID version 5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The STIX id of a Vitaal record exported as `type` (deterministic). */
export const stixIdOf = (type: string, recordId: string): string => `${type}--${uuidV5(vitaalStixNamespace, `${type}:${recordId}`)}`;

/** A fresh bundle id: bundles are envelopes, not objects, and need no stable identity. */
export const newBundleId = (): string => `bundle--${randomUUID()}`;

/** `indicator` of `indicator--…`. */
export const typeOfId = (id: string): string => id.slice(0, Math.max(0, id.indexOf('--')));

const stixIdPattern = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isStixId = (value: string): boolean => stixIdPattern.test(value);
