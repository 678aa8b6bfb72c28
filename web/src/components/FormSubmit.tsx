import { Alert, Button, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';

export interface FormSubmitState {
  busy: boolean;
  problem: Error | undefined;
  saved: boolean;
  /** Runs one write; the API's problem is kept for display rather than thrown. Resolves true when it succeeded. */
  run(work: () => Promise<unknown>): Promise<boolean>;
}

/** The state of a form that writes to the API: busy while sending, the problem the API answered with, saved afterwards. */
export function useFormSubmit(): FormSubmitState {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Error>();
  const [saved, setSaved] = useState(false);
  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setProblem(undefined);
    setSaved(false);
    try {
      await work();
      setSaved(true);
      return true;
    } catch (caught) {
      setProblem(caught instanceof Error ? caught : new Error(String(caught)));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, saved, run };
}

/** A problem+json answer: its detail and every field it names (the server is the authority on what is valid). */
export function ProblemAlert({ error, testId }: { error: Error | undefined; testId?: string }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <Alert type="error" data-testid={testId}>
      <Paragraph>{error.message}</Paragraph>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={`${field.path} ${field.message}`}>
              <code>{field.path}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/** The foot of every write form: the API's problem, a confirmation once saved, and the submit button. */
export function FormFoot({ state, label, savedText, testId }: { state: FormSubmitState; label: string; savedText: string; testId: string }) {
  return (
    <>
      <ProblemAlert error={state.problem} testId={`${testId}-problem`} />
      {state.saved && (
        <Paragraph role="status" data-testid={`${testId}-saved`}>
          {savedText}
        </Paragraph>
      )}
      <Button appearance="primary-action-button" type="submit" disabled={state.busy} data-testid={`${testId}-submit`}>
        {label}
      </Button>
    </>
  );
}
