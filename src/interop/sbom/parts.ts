import type { ErrorDetail } from '../../domain/errors.ts';
import { refuse, type SbomDocument } from './model.ts';
import { streamingValidator } from './schemas.ts';

/** What reads a JSON SBOM's parts as they stream in, once its format and version are known. */
export interface SbomJsonParts {
  /** Whether the items of the top-level array `key` are taken one by one (the others are left in the head). */
  takesItems(key: string): boolean;
  /** Checks one item against the schema and maps it; throws `sbom-invalid` when it is invalid. */
  item(key: string, index: number, value: unknown): void;
  /** Checks the rest of the document (the taken arrays empty) and returns the model. */
  finish(head: Record<string, unknown>): SbomDocument;
}

/** Checks a JSON SBOM's parts against the official schema as they arrive, refusing the document at its first problem. */
export function schemaCheckedParts(
  format: 'cyclonedx' | 'spdx',
  version: string,
  refusal: string,
  model: { item(key: string, value: unknown): void; finish(head: Record<string, unknown>): SbomDocument },
): SbomJsonParts {
  const validator = streamingValidator(format, version);
  const check = (problems: ErrorDetail[]) => {
    if (problems.length > 0) throw refuse(refusal, problems);
  };
  return {
    takesItems: validator.checksItems,
    item(key, index, value) {
      check(validator.item(key, index, value));
      model.item(key, value);
    },
    finish(head) {
      check(validator.rest(head));
      return model.finish(head);
    },
  };
}
