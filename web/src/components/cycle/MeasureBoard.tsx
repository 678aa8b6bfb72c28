import { Button, Heading, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { measureStatuses } from '../../../../src/domain/programme.ts';
import { updateMeasure } from '../../api/cycle-work.ts';
import type { CycleWorkspace, Measure } from '../../api/cycles.ts';
import { formatDateTime, formatEuros } from '../../format.ts';
import { DataTable } from '../DataTable.tsx';
import { ProblemAlert, useFormSubmit } from '../FormSubmit.tsx';

interface Props {
  cycleId: string;
  measures: CycleWorkspace['measures'];
  changesStatus: (measure: Measure) => boolean;
  onSaved: () => void;
}

/** Step 3: the action programme as a board grouped by status or as a table; overdue measures flagged, the status changeable where the user may. */
export function MeasureBoard({ cycleId, measures, changesStatus, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<'board' | 'table'>('board');
  const control = (measure: Measure) => (changesStatus(measure) ? <StatusControl cycleId={cycleId} measure={measure} onSaved={onSaved} /> : null);
  const badges = (measure: Measure) => (
    <>
      {measure.scope === 'cross-sector' && <span className="vitaal-badge">{t('cycles.scopes.cross-sector')}</span>}
      {measure.overdue && (
        <span className="vitaal-badge" data-testid="overdue-badge">
          {t('cycles.overdue')}
        </span>
      )}
    </>
  );
  const links = (measure: Measure) => [...measure.indicators.map((entry) => t(`cycles.indicators.${entry.indicator}`)), ...measure.scenarios.map((entry) => entry.key)].join(', ');

  return (
    <>
      <div role="group" aria-label={t('cycleWork.board.view')} style={{ display: 'flex', gap: '0.5rem', marginBlock: '0.5rem' }}>
        {(['board', 'table'] as const).map((entry) => (
          <Button key={entry} appearance={view === entry ? 'primary-action-button' : 'secondary-action-button'} aria-pressed={view === entry} onClick={() => setView(entry)} data-testid={`measure-view-${entry}`}>
            {t(`cycleWork.board.${entry}`)}
          </Button>
        ))}
      </div>
      {view === 'board' ? (
        <div className="vitaal-kanban" data-testid="measure-kanban">
          {measureStatuses.map((status) => (
            <section key={status} aria-labelledby={`measure-column-${status}`} data-status={status}>
              <Heading level={3} id={`measure-column-${status}`}>
                {t(`cycles.measureStatuses.${status}`)} ({measures.items.filter((measure) => measure.status === status).length})
              </Heading>
              <ul>
                {measures.items
                  .filter((measure) => measure.status === status)
                  .map((measure) => (
                    <li key={measure.id} data-overdue={measure.overdue} data-measure={measure.title}>
                      <strong>{measure.title}</strong> · {measure.ownerName} · {formatDateTime(measure.dueAt, i18n.language)} {badges(measure)}
                      {control(measure)}
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
      ) : (
        <DataTable
          testId="measure-table"
          caption={t('cycleWork.board.caption')}
          headers={[t('cycles.measure'), t('cycles.owner'), t('cycles.due'), t('cycles.measureStatus'), { label: t('cycles.cost'), align: 'end' }, t('cycles.subject'), t('cycleWork.board.change')]}
        >
          {measures.items.map((measure) => (
            <TableRow key={measure.id} data-overdue={measure.overdue} data-measure={measure.title}>
              <TableCell>
                {measure.title} {badges(measure)}
              </TableCell>
              <TableCell>{measure.ownerName}</TableCell>
              <TableCell>{formatDateTime(measure.dueAt, i18n.language)}</TableCell>
              <TableCell>{t(`cycles.measureStatuses.${measure.status}`)}</TableCell>
              <TableCell alignCell="end">{measure.costEstimateEur === null ? '' : formatEuros(measure.costEstimateEur, i18n.language)}</TableCell>
              <TableCell>{links(measure)}</TableCell>
              <TableCell>{control(measure)}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </>
  );
}

/** Moves one measure to another status. */
function StatusControl({ cycleId, measure, onSaved }: { cycleId: string; measure: Measure; onSaved: () => void }) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const id = `status-${measure.id}`;
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const status = String(new FormData(event.currentTarget).get('status')) as Measure['status'];
    if (await submit.run(() => updateMeasure(cycleId, measure.id, { status }))) onSaved();
  }
  return (
    <form style={{ marginBlock: '0.25rem' }} onSubmit={(event) => void save(event)} data-testid="measure-status-form">
      <label htmlFor={id} className="vitaal-visually-hidden">
        {t('cycleWork.board.statusOf', { title: measure.title })}
      </label>
      <select id={id} name="status" defaultValue={measure.status}>
        {measureStatuses.map((status) => (
          <option key={status} value={status}>
            {t(`cycles.measureStatuses.${status}`)}
          </option>
        ))}
      </select>{' '}
      <Button appearance="secondary-action-button" type="submit" disabled={submit.busy}>
        {t('cycleWork.board.move')}
      </Button>
      <ProblemAlert error={submit.problem} testId="measure-status-problem" />
    </form>
  );
}
