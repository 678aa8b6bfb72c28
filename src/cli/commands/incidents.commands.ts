import { Type, type Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid } from '../../domain/errors.ts';
import { incidentBodySchema } from '../../http/routes/incidents.routes.ts';
import { systemActor } from '../../services/actor.ts';
import type { Command } from '../command.ts';
import { detailOf, readJsonFile } from './duties.commands.ts';

const cli = systemActor('cli');

// The body of POST /api/v1/incidents, with the entity named by its organisation code instead of its id.
const { organisationId: _organisationId, ...incidentFields } = incidentBodySchema.properties;
const incidentFileSchema = Type.Object({ ...incidentFields, organisation: Type.String({ minLength: 1, description: 'Code of the entity (a provider organisation).' }) }, { additionalProperties: false });
type IncidentFile = Static<typeof incidentFileSchema>;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateIncidentFile = ajv.compile<IncidentFile>(incidentFileSchema);

export const incidentCommands: Command[] = [
  {
    words: ['incident', 'report'],
    summary: 'Record an incident of an entity from a JSON file and print it with every NIS2/CER report obligation and deadline.',
    options: {
      file: {
        type: 'string',
        description: 'JSON file: { "organisation": CODE, "title": …, "awareAt": ISO with offset, "regimes": ["nis2","cer"], "significance": { "severeOperationalDisruption": …, "financialLoss": …, "damageToOthers": … } }',
        path: true,
      },
    },
    async run({ platform, output, values }) {
      if (typeof values.file !== 'string') throw invalid('missing-option', 'Give the incident as --file FILE.');
      const body = readJsonFile(values.file);
      if (!validateIncidentFile(body)) {
        const details = (validateIncidentFile.errors ?? []).map(detailOf);
        throw invalid('validation-failed', `${values.file} does not match the schema: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, details);
      }
      const { organisation, ...input } = body;
      const entity = await platform.services.registry.findByCode(cli, 'organisations', organisation);
      const incident = await platform.services.incidents.create(cli, { ...input, organisationId: entity.id });
      output.out(JSON.stringify(incident, null, 2));
      return 0;
    },
  },
  {
    words: ['incident', 'list'],
    summary: 'List the incidents with their open report obligations, overdue ones flagged.',
    options: { json: { type: 'boolean', description: 'Print JSON, with every obligation' } },
    async run({ platform, output, values }) {
      const { items } = await platform.services.incidents.list(cli, {}, { limit: 100_000, offset: 0 });
      if (values.json) {
        output.out(JSON.stringify(items, null, 2));
        return 0;
      }
      for (const incident of items) {
        const open = incident.obligations.filter((obligation) => obligation.status === 'due');
        const overdue = open.filter((obligation) => obligation.late).length;
        const next = open.find((obligation) => !obligation.late);
        output.out(
          [
            incident.number,
            incident.status,
            incident.awareAt.toISOString(),
            incident.organisationName,
            incident.title,
            overdue > 0 ? `${overdue} overdue` : 'none overdue',
            next ? `next: ${next.regime} ${next.step} due ${next.dueAt?.toISOString() ?? 'one month after handling'} (${next.dueAtLocal ?? '-'})` : 'nothing due',
          ].join('\t'),
        );
      }
      return 0;
    },
  },
];
