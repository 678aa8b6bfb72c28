import type { IncidentView } from './incidents.service.ts';
import { formatInstantBoth, renderPdf, type Report } from './reports/pdf.ts';

const phrases = {
  nl: {
    title: 'Incidentrapport',
    facts: 'Gegevens',
    number: 'Nummer',
    entity: 'Entiteit',
    reference: 'Eigen kenmerk',
    awareAt: 'Bekend geworden',
    regimes: 'Regimes',
    fromScoping: 'volgens de vastgelegde scoping',
    given: 'opgegeven',
    trustService: 'Vertrouwensdienst (NIS2 art. 23(4), tweede alinea)',
    status: 'Status',
    statuses: { open: 'open', resolved: 'afgehandeld' },
    resolvedAt: 'Afgehandeld op',
    description: 'Omschrijving',
    significance: 'Significantie (NIS2 art. 23(3))',
    significant: 'Significant incident',
    obligations: 'Meldplichten',
    columns: ['Regime', 'Stap', 'Uiterlijk', 'Ingediend', 'Te laat', 'Grondslag'],
    notSubmitted: 'nog niet ingediend',
    steps: {
      'early-warning': 'Vroegtijdige waarschuwing',
      'incident-notification': 'Incidentmelding',
      'intermediate-report': 'Tussentijds verslag (op verzoek)',
      'progress-report': 'Voortgangsverslag',
      'final-report': 'Eindverslag',
      'initial-notification': 'Eerste melding',
      'detailed-report': 'Gedetailleerd verslag',
    },
    openDue: 'een maand na afhandeling',
    withdrawn: 'vervallen',
    submissions: 'Ingediende meldingen',
    history: 'Geschiedenis',
    historyColumns: ['Tijdstip', 'Gebeurtenis', 'Toelichting'],
    none: 'Geen meldplicht: geen regime van toepassing of geen significant incident.',
    yes: 'ja',
    no: 'nee',
  },
  en: {
    title: 'Incident report',
    facts: 'Facts',
    number: 'Number',
    entity: 'Entity',
    reference: 'Own reference',
    awareAt: 'Became aware',
    regimes: 'Regimes',
    fromScoping: 'from the recorded scoping',
    given: 'given',
    trustService: 'Trust service (NIS2 art. 23(4), second subparagraph)',
    status: 'Status',
    statuses: { open: 'open', resolved: 'resolved' },
    resolvedAt: 'Resolved at',
    description: 'Description',
    significance: 'Significance (NIS2 art. 23(3))',
    significant: 'Significant incident',
    obligations: 'Report obligations',
    columns: ['Regime', 'Step', 'Due', 'Submitted', 'Late', 'Basis'],
    notSubmitted: 'not yet submitted',
    steps: {
      'early-warning': 'Early warning',
      'incident-notification': 'Incident notification',
      'intermediate-report': 'Intermediate report (on request)',
      'progress-report': 'Progress report',
      'final-report': 'Final report',
      'initial-notification': 'Initial notification',
      'detailed-report': 'Detailed report',
    },
    openDue: 'one month after handling',
    withdrawn: 'withdrawn',
    submissions: 'Submitted reports',
    history: 'History',
    historyColumns: ['When', 'Event', 'Details'],
    none: 'No report obligation: no regime applies or the incident is not significant.',
    yes: 'yes',
    no: 'no',
  },
} as const;

const eventDetail = (event: NonNullable<IncidentView['history']>[number]): string => {
  const details = event.details;
  switch (event.kind) {
    case 'report-submitted':
      return `${String(details.regime)} ${String(details.step)}${details.late ? ' (late)' : ''}`;
    case 'deadline-moved': {
      const instant = (value: unknown) => (typeof value === 'string' ? formatInstantBoth(new Date(value)) : '—');
      return `${String(details.regime)} ${String(details.step)}: ${instant(details.from)} → ${instant(details.to)}`;
    }
    case 'obligation-added':
    case 'obligation-withdrawn':
    case 'intermediate-requested':
      return `${String(details.regime)} ${String(details.step)}`;
    case 'updated':
      return Object.keys((details.changes as Record<string, unknown> | undefined) ?? {}).join(', ');
    case 'created':
      return '';
  }
};

/** The declarative report of one incident (facts, significance, obligations with deadlines in UTC and Amsterdam, submissions, history). */
export function incidentReport(incident: IncidentView, language: 'nl' | 'en', generatedAt = new Date()): Report {
  const p = phrases[language];
  const yesNo = (value: boolean) => (value ? p.yes : p.no);
  return {
    title: `${p.title} ${incident.number}`,
    subtitle: `${incident.title} — ${incident.organisationName}`,
    tlp: 'TLP:AMBER+STRICT',
    language,
    generatedAt,
    sections: [
      {
        heading: p.facts,
        blocks: [
          {
            kind: 'facts',
            rows: [
              [p.number, incident.number],
              [p.entity, incident.organisationName],
              [p.reference, incident.reference ?? '–'],
              [p.awareAt, formatInstantBoth(incident.awareAt)],
              [p.regimes, `${incident.regimes.map((regime) => regime.toUpperCase()).join(', ')} (${incident.regimesSource === 'classification' ? p.fromScoping : p.given})`],
              [p.trustService, yesNo(incident.trustService)],
              [p.status, p.statuses[incident.status]],
              ...(incident.resolvedAt ? [[p.resolvedAt, formatInstantBoth(incident.resolvedAt)] as const] : []),
            ],
          },
          ...(incident.description ? [{ kind: 'paragraph' as const, text: `${p.description}: ${incident.description}` }] : []),
        ],
      },
      {
        heading: p.significance,
        blocks: [
          { kind: 'facts', rows: [[p.significant, yesNo(incident.significance.significant)], ...incident.significance.reasons.map((reason) => [reason.basis, reason.text] as const)] },
        ],
      },
      {
        heading: p.obligations,
        blocks:
          incident.obligations.length === 0
            ? [{ kind: 'paragraph', text: p.none }]
            : [
                {
                  kind: 'table',
                  columns: p.columns,
                  rows: incident.obligations.map((o) => [o.regime.toUpperCase(), p.steps[o.step], o.dueAt ? formatInstantBoth(o.dueAt) : p.openDue, o.submittedAt ? formatInstantBoth(o.submittedAt) : o.status === 'withdrawn' ? p.withdrawn : p.notSubmitted, yesNo(o.late), o.basis]),
                },
              ],
      },
      {
        heading: p.submissions,
        blocks: incident.obligations
          .filter((o) => o.content)
          .map((o) => ({
            kind: 'facts' as const,
            rows: [[`${o.regime.toUpperCase()} ${p.steps[o.step]}`, formatInstantBoth(o.submittedAt as Date)] as const, ...Object.entries(o.content ?? {}).map(([name, value]) => [name, String(value)] as const)],
          })),
      },
      {
        heading: p.history,
        blocks: [{ kind: 'table', columns: p.historyColumns, rows: (incident.history ?? []).map((event) => [formatInstantBoth(event.at), event.kind, eventDetail(event)]) }],
      },
    ],
  };
}

/** The incident report as PDF bytes. */
export const renderIncidentReport = (incident: IncidentView, language: 'nl' | 'en'): Promise<Buffer> => renderPdf(incidentReport(incident, language));
