import { sql, type Kysely } from 'kysely';

/**
 * Incident reporting, continued (issue 6): the NIS2 progress report of an incident still ongoing at the final-report
 * deadline and the final report one month after its handling (art. 23(4)(e), whose deadline is open until then:
 * `due_at` null); intermediate reports on request of the CSIRT or the competent authority (art. 23(4)(c), any number
 * per incident, with the requester and the date it set); and obligations that stopped applying (the significance
 * changed) marked withdrawn instead of deleted. A submitted report is never withdrawn nor overwritten. Events of one
 * incident keep the order in which they were recorded (`seq`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table report_obligation drop constraint report_obligation_step_check;
    alter table report_obligation add constraint report_obligation_step_check
      check (step in ('early-warning','incident-notification','intermediate-report','progress-report','final-report','initial-notification','detailed-report'));
    alter table report_obligation drop constraint report_obligation_incident_id_regime_step_key;
    create unique index report_obligation_step_once_idx on report_obligation (incident_id, regime, step) where step <> 'intermediate-report';
    alter table report_obligation alter column due_at drop not null;
    alter table report_obligation add constraint report_obligation_open_due_check check (due_at is not null or (regime = 'nis2' and step = 'final-report'));
    alter table report_obligation
      add column withdrawn_at timestamptz,
      add column requested_at timestamptz,
      add column requested_by_org_id uuid references organisation(id),
      add column requested_by_user_id uuid references app_user(id),
      add column request_note text not null default '' check (length(request_note) <= 4000);
    alter table report_obligation add constraint report_obligation_request_check
      check ((step = 'intermediate-report') = (requested_at is not null) and (requested_at is null) = (requested_by_org_id is null));
    alter table report_obligation add constraint report_obligation_withdrawn_check check (withdrawn_at is null or submitted_at is null);

    -- Several events of one change share their instant; the sequence keeps them in the order they were recorded.
    alter table incident_event add column seq bigserial;
    alter table incident_event drop constraint incident_event_kind_check;
    alter table incident_event add constraint incident_event_kind_check
      check (kind in ('created','updated','report-submitted','deadline-moved','obligation-added','obligation-withdrawn','intermediate-requested'));
  `.execute(db);
}
