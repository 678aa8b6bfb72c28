import fs from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { DomainError, invalid } from '../../domain/errors.ts';
import { computeReportingDeadlines, parseInstant, reportingRegimes, type ReportingRegime } from '../../domain/reporting-deadlines.ts';
import { classifyEntity } from '../../domain/scoping.ts';
import { classifyBodySchema, type ClassifyBody } from '../../http/routes/scoping.routes.ts';
import type { Command } from '../command.ts';

// The same schema as POST /api/v1/scoping/classify: no coercion, no silent removal of unknown fields.
const validateClassifyBody = new Ajv({ allErrors: true, strict: false }).compile<ClassifyBody>(classifyBodySchema);

/** `/flags/1`, naming the offending element of the file, from one schema-validation issue. */
export function detailOf(issue: ErrorObject) {
  if (issue.keyword === 'additionalProperties') return { path: `${issue.instancePath}/${String(issue.params.additionalProperty)}`, message: 'unknown field' };
  if (issue.keyword === 'required') return { path: `${issue.instancePath}/${String(issue.params.missingProperty)}`, message: 'required field is missing' };
  if (issue.keyword === 'enum') return { path: issue.instancePath, message: `must be one of: ${(issue.params.allowedValues as string[]).join(', ')}` };
  return { path: issue.instancePath || '/', message: issue.message ?? issue.keyword };
}

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DomainError('file-not-found', `Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid('malformed-json', `${file} is not valid JSON: ${(error as Error).message}`, [{ path: '/', message: (error as Error).message }]);
  }
}

const optionalInstant = (value: string | boolean | undefined, option: string) => (typeof value === 'string' ? parseInstant(value, `--${option}`) : undefined);

export const dutiesCommands: Command[] = [
  {
    words: ['classify'],
    summary: 'Classify an organisation under NIS2 (essential, important, out of scope) and CER, with every reason and its article.',
    standalone: true,
    options: {
      input: {
        type: 'string',
        description: 'JSON file: { "sector": "energy.electricity", "employees": N, "turnoverEur": N, "balanceSheetEur": N, "flags": [...] }',
        path: true,
      },
    },
    async run({ output, values }) {
      if (typeof values.input !== 'string') throw invalid('missing-option', 'Give the organisation as --input FILE.');
      const body = readJsonFile(values.input);
      if (!validateClassifyBody(body)) {
        const details = (validateClassifyBody.errors ?? []).map(detailOf);
        throw invalid('validation-failed', `${values.input} does not match the schema: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, details);
      }
      const { nis2, cer, reasons } = classifyEntity({ ...body, flags: body.flags ?? [] });
      output.out(JSON.stringify({ nis2, cer, reasons }, null, 2));
      return 0;
    },
  },
  {
    words: ['incident', 'deadlines'],
    summary: 'Print the NIS2 and CER report obligations of an incident with their deadlines (UTC and Europe/Amsterdam) as JSON.',
    standalone: true,
    options: {
      'aware-at': { type: 'string', description: 'When the entity became aware, ISO 8601 with offset (2025-03-30T01:30:00Z)' },
      regimes: { type: 'string', description: `Comma-separated, of ${reportingRegimes.join(', ')} (default: nis2,cer)` },
      'trust-service': { type: 'boolean', description: 'A trust service provider: NIS2 notification within 24 h (art. 23(4))' },
      'notification-submitted-at': { type: 'string', description: 'When the NIS2 incident notification was submitted (final report runs from it)' },
      'initial-notification-submitted-at': { type: 'string', description: 'When the CER initial notification was submitted (detailed report runs from it)' },
      'resolved-at': { type: 'string', description: 'When the handling ended; after the final-report deadline: a progress report then, the final report a month after (NIS2 art. 23(4)(e))' },
    },
    async run({ output, values }) {
      if (typeof values['aware-at'] !== 'string') throw invalid('missing-option', 'Give the moment of awareness as --aware-at ISO (with Z or an offset).');
      const regimes = (typeof values.regimes === 'string' ? values.regimes : reportingRegimes.join(','))
        .split(',')
        .map((regime) => regime.trim())
        .filter(Boolean) as ReportingRegime[];
      const obligations = computeReportingDeadlines({
        awareAt: parseInstant(values['aware-at'], '--aware-at'),
        regimes: [...new Set(regimes)],
        trustService: Boolean(values['trust-service']),
        notificationSubmittedAt: optionalInstant(values['notification-submitted-at'], 'notification-submitted-at'),
        initialNotificationSubmittedAt: optionalInstant(values['initial-notification-submitted-at'], 'initial-notification-submitted-at'),
        resolvedAt: optionalInstant(values['resolved-at'], 'resolved-at'),
      });
      output.out(JSON.stringify(obligations, null, 2));
      return 0;
    },
  },
];
