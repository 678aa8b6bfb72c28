/** The kinds of failure the domain knows; each edge maps them to its own vocabulary (HTTP status, exit code). */
export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'rule-violated' | 'forbidden' | 'unauthenticated' | 'unavailable';

/**
 * Every error code Vitaal answers with, its kind (which each edge maps to an HTTP status or exit code;
 * `status` where HTTP has a more precise one) and what it means. `DomainError` accepts only these codes; docs/errors.md is generated from this table.
 */
export const errorCatalogue = {
  // Requests and input
  'validation-failed': { kind: 'invalid', description: 'The input does not match its schema; `errors` names every offending path.' },
  'malformed-body': { kind: 'invalid', description: 'The request body cannot be parsed (for example malformed JSON).' },
  'malformed-json': { kind: 'invalid', description: 'A JSON file cannot be parsed.' },
  'bad-request': { kind: 'invalid', description: 'The HTTP request is not well-formed.' },
  'unsupported-media-type': { kind: 'invalid', status: 415, description: 'The request body has a content type the route does not accept.' },
  'body-too-large': { kind: 'invalid', status: 413, description: 'The request body is larger than the server accepts.' },
  'invalid-value': { kind: 'invalid', description: 'A value breaks a database rule (range, allowed values, required).' },
  'unknown-reference': { kind: 'invalid', description: 'A field refers to a record that does not exist.' },
  'field-immutable': { kind: 'invalid', description: 'A field that is fixed at creation was sent with another value.' },
  'missing-option': { kind: 'invalid', description: 'A required command-line option is missing.' },
  'invalid-option': { kind: 'invalid', description: 'A command-line option has a value it cannot take.' },
  'invalid-expiry': { kind: 'invalid', description: 'A token expiry is not a positive whole number of days.' },
  'invalid-instant': { kind: 'invalid', description: 'A date-time is not an ISO 8601 instant with a time zone offset.' },
  'invalid-size': { kind: 'invalid', description: 'Employee, turnover or balance-sheet figures are not non-negative numbers.' },
  // Accounts
  'password-too-short': { kind: 'invalid', description: 'A password is shorter than the minimum length.' },
  'unknown-role': { kind: 'invalid', description: 'A role name is not one of the platform’s roles.' },
  'role-does-not-fit-organisation': { kind: 'invalid', description: 'A role was given to a user of an organisation of another kind.' },
  'authentication-required': { kind: 'unauthenticated', description: 'The route needs a signed-in user or an API token.' },
  'token-invalid': { kind: 'unauthenticated', description: 'The bearer token is unknown, expired or revoked.' },
  'login-failed': { kind: 'unauthenticated', description: 'Unknown e-mail address or wrong password (deliberately not saying which).' },
  'account-locked': { kind: 'unauthenticated', description: 'Too many failed logins; an administrator must reset the password.' },
  'oidc-state-missing': { kind: 'unauthenticated', description: 'The OIDC sign-in expired or was started in another browser.' },
  'oidc-failed': { kind: 'unauthenticated', description: 'The identity provider refused or failed the sign-in.' },
  'oidc-user-unknown': { kind: 'unauthenticated', description: 'No Vitaal account matches the identity provider’s subject or verified e-mail.' },
  'oidc-unavailable': { kind: 'unavailable', description: 'The identity provider cannot be reached.' },
  'csrf-token-invalid': { kind: 'forbidden', description: 'A write with the session cookie lacks a valid X-CSRF-Token header.' },
  forbidden: { kind: 'forbidden', description: 'The need-to-know policy does not allow this action.' },
  'rate-limited': { kind: 'unavailable', status: 429, description: 'Too many requests; retry after the time in Retry-After.' },
  // Records
  'already-exists': { kind: 'conflict', description: 'Another record already has this unique value (code, natural key).' },
  'route-not-found': { kind: 'not-found', description: 'No API route has this method and path.' },
  'sector-not-found': { kind: 'not-found', description: 'No sector with this id is visible to you.' },
  'vital-process-not-found': { kind: 'not-found', description: 'No vital process with this id is visible to you.' },
  'organisation-not-found': { kind: 'not-found', description: 'No organisation with this id is visible to you.' },
  'process-provider-not-found': { kind: 'not-found', description: 'No designation with this id is visible to you.' },
  'asset-not-found': { kind: 'not-found', description: 'No asset with this id is visible to you.' },
  'dependency-not-found': { kind: 'not-found', description: 'No dependency with this id is visible to you.' },
  'user-not-found': { kind: 'not-found', description: 'No user account with this id or e-mail is visible to you.' },
  // Files, imports and exports
  'file-not-found': { kind: 'not-found', description: 'A file named on the command line does not exist.' },
  'file-unreadable': { kind: 'invalid', description: 'A file cannot be read or is not of the expected format.' },
  'file-empty': { kind: 'invalid', description: 'A file has no header or no rows.' },
  'file-malformed': { kind: 'invalid', description: 'A CSV or XLSX file is malformed at the row named.' },
  'unnamed-column': { kind: 'invalid', description: 'A column of a file has no header.' },
  'duplicate-column': { kind: 'invalid', description: 'Two columns of a file have the same header.' },
  'cell-error': { kind: 'invalid', description: 'A spreadsheet cell holds an error value (#REF!, #N/A, …).' },
  'unknown-registry': { kind: 'invalid', description: 'The registry name is not one of the exportable registries.' },
  'unknown-format': { kind: 'invalid', description: 'The file format is neither CSV nor XLSX.' },
  'import-unknown-column': { kind: 'invalid', description: 'An imported file has a column the registry does not know.' },
  'import-missing-column': { kind: 'invalid', description: 'An imported file lacks a required column.' },
  'import-row-invalid': { kind: 'invalid', description: 'Rows of an imported file are invalid; each is named with its row and column and nothing was written.' },
  // Embedded database and CLI
  'data-dir-busy': { kind: 'conflict', description: 'Another process holds the embedded data folder.' },
  'server-unreachable': { kind: 'unavailable', description: 'The server holding the data folder does not answer on its socket.' },
  // Cascade engine
  'graph-invalid': { kind: 'invalid', description: 'A graph file is malformed; the message names the JSON path of the offending element.' },
  'scenario-invalid': { kind: 'invalid', description: 'A scenario file is malformed; the message names the JSON path of the offending element.' },
  'simulation-cancelled': { kind: 'unavailable', description: 'A simulation was cancelled before it finished.' },
  // NIS2 and CER
  'unknown-sector': { kind: 'invalid', description: 'A sector key is not one of the NIS2 annexes’ keys (the message lists them).' },
  'unknown-flag': { kind: 'invalid', description: 'A scoping flag is not known (the message lists the valid ones).' },
  'unknown-regime': { kind: 'invalid', description: 'A reporting regime is neither nis2 nor cer.' },
  'no-regime': { kind: 'invalid', description: 'No reporting regime was chosen.' },
  'submitted-before-aware': { kind: 'invalid', description: 'A report was said to be submitted before the entity became aware of the incident.' },
  // Cyclus vitaal
  'cycle-not-found': { kind: 'not-found', description: 'No cycle with this id is visible to you.' },
  'vitality-assessment-not-found': { kind: 'not-found', description: 'No vitality assessment with this id is visible to you.' },
  'dates-out-of-order': { kind: 'invalid', description: 'A date lies before a date it must follow (a due date before the opening, a step before its predecessor’s completion).' },
  'due-date-too-late': { kind: 'invalid', description: 'A regular cycle would be due later than the period after the last completed one allows (data/reference/cycle-rules.json).' },
  'step-not-in-cycle': { kind: 'invalid', description: 'The step is not one of this kind of cycle’s steps.' },
  'step-out-of-order': { kind: 'rule-violated', description: 'A step was started or completed before its predecessor was completed.' },
  'step-transition-invalid': { kind: 'rule-violated', description: 'A step’s state can only move forward: not-started, in-progress, completed.' },
  'thresholds-invalid': { kind: 'invalid', description: 'A vitality threshold table is malformed; `errors` names every offending path.' },
  'criteria-invalid': { kind: 'invalid', description: 'Criterion values name unknown or repeated measures, or are negative.' },
  'assessment-already-decided': { kind: 'conflict', description: 'The vitality assessment already has a decision; start a new assessment instead.' },
  'no-processes-in-sectors': { kind: 'rule-violated', description: 'A declared event names sectors without a process the declarer may open a quickscan for.' },
  'score-invalid': { kind: 'invalid', description: 'An indicator score is not a level of the maturity scale (data/reference/resilience-scale.json).' },
  'analysis-closed': { kind: 'rule-violated', description: 'Indicator scores change only while the cycle’s analysis step is not completed.' },
  'provider-not-designated': { kind: 'invalid', description: 'The provider is not (or no longer) designated for the cycle’s vital process.' },
  // Supply chain
  'vendor-not-found': { kind: 'not-found', description: 'No vendor with this id is visible to you.' },
  'product-not-found': { kind: 'not-found', description: 'No product with this id is visible to you.' },
  'unknown-country': { kind: 'invalid', description: 'A country is neither an ISO 3166-1 code nor a country name Vitaal recognises.' },
  'country-list-invalid': { kind: 'invalid', description: 'The high-risk country-list file is malformed; `errors` names every offending path.' },
  'unknown-country-list-version': { kind: 'invalid', description: 'No high-risk country list has this version (the message lists the versions).' },
  'product-component-cycle': { kind: 'rule-violated', description: 'A product would contain itself through its components.' },
  // Information sharing (TLP 2.0)
  'advisory-not-found': { kind: 'not-found', description: 'No advisory or message with this id is visible to you under its TLP label.' },
  'audience-does-not-fit-label': { kind: 'invalid', description: 'The audience does not fit the TLP label: RED names persons only, AMBER and AMBER+STRICT need recipient organisations.' },
  'threat-domain-mismatch': { kind: 'invalid', description: 'Threat information needs a threat domain (digital or physical); other kinds of message take none.' },
  'tlp-lowered': { kind: 'rule-violated', description: 'A forward would carry a less restricted TLP label than the original; labels can only be kept or raised.' },
  'tlp-no-further-disclosure': { kind: 'rule-violated', description: 'A TLP:RED message may be shared further by its author only.' },
  // Anything else
  'internal-error': { kind: 'unavailable', status: 500, description: 'A fault on the server; it was logged with the request id.' },
} as const satisfies Record<string, { kind: ErrorKind; description: string; status?: number }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The codes of one kind, so that helpers such as `invalid()` only take codes of their kind. */
export type ErrorCodeOfKind<K extends ErrorKind> = { [C in ErrorCode]: (typeof errorCatalogue)[C]['kind'] extends K ? C : never }[ErrorCode];
