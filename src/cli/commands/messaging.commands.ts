import { systemActor } from '../../services/actor.ts';
import type { Command } from '../command.ts';

const cli = systemActor('cli');

export const messagingCommands: Command[] = [
  {
    words: ['outbox', 'list'],
    summary: 'List the e-mail outbox, newest first (without VITAAL_SMTP_URL the mails stay here for development).',
    options: {
      status: { type: 'string', description: 'Only mails with this status: pending, sending, sent or failed' },
      limit: { type: 'string', description: 'At most this many mails (default 20)' },
      full: { type: 'boolean', description: 'Print each mail’s text too' },
      json: { type: 'boolean', description: 'Print the mails as JSON' },
    },
    async run({ platform, output, values }) {
      const limit = Number(values.limit ?? 20);
      const status = typeof values.status === 'string' ? values.status : undefined;
      const { items } = await platform.services.notifications.listOutbox(cli, { status }, { limit: Number.isInteger(limit) && limit > 0 ? limit : 20, offset: 0 });
      if (values.json) {
        output.out(JSON.stringify(items, null, 2));
        return 0;
      }
      if (items.length === 0) output.out('The outbox is empty.');
      for (const mail of items) {
        output.out(`${mail.createdAt.toISOString()}  ${mail.status.padEnd(7)}  ${mail.recipient}  ${mail.subject}${mail.attempts > 0 ? `  (${mail.attempts} attempts${mail.lastError ? `: ${mail.lastError}` : ''})` : ''}`);
        if (values.full) output.out(`${mail.textBody.replace(/^/gm, '    ')}\n`);
      }
      return 0;
    },
  },
];
