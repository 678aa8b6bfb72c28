import { invalid } from '../../domain/errors.ts';
import { isRole, roles as allRoles, type Role } from '../../domain/roles.ts';
import { systemActor } from '../../services/actor.ts';
import type { Command } from '../command.ts';

const cli = systemActor('cli');

export const accountCommands: Command[] = [
  {
    words: ['token', 'create'],
    summary: 'Make an API token for a user and print it (shown once).',
    options: {
      user: { type: 'string', description: 'E-mail address of the user' },
      name: { type: 'string', description: 'What the token is for (default: cli)' },
      'expires-days': { type: 'string', description: 'Days until the token expires (default: never)' },
      json: { type: 'boolean', description: 'Print a JSON object instead of the bare token' },
    },
    async run({ platform, output, values }) {
      if (typeof values.user !== 'string') throw invalid('missing-option', '--user EMAIL is required.');
      const expiresDays = values['expires-days'] === undefined ? undefined : Number(values['expires-days']);
      const token = await platform.services.auth.createToken(cli, values.user, typeof values.name === 'string' ? values.name : 'cli', expiresDays);
      output.out(values.json ? JSON.stringify(token, null, 2) : token.token);
      return 0;
    },
  },
  {
    words: ['users', 'list'],
    summary: 'List the user accounts.',
    options: { json: { type: 'boolean', description: 'Print JSON' } },
    async run({ platform, output, values }) {
      const { items } = await platform.services.users.list(cli, {}, { limit: 100_000, offset: 0 });
      if (values.json) output.out(JSON.stringify(items, null, 2));
      else for (const user of items) output.out(`${user.email}\t${user.roles.join(',')}\t${user.disabled ? 'disabled' : 'active'}\t${user.name}`);
      return 0;
    },
  },
  {
    words: ['users', 'create'],
    summary: 'Create a user account (the first administrator of a new installation, for instance).',
    options: {
      email: { type: 'string', description: 'E-mail address (the login name)' },
      name: { type: 'string', description: 'Full name' },
      organisation: { type: 'string', description: 'Code of the organisation the user belongs to' },
      roles: { type: 'string', description: 'Comma-separated roles: coordinator, ministry, provider, supervisor, csirt, partner, admin' },
      'password-stdin': { type: 'boolean', readsStdin: true, description: 'Read the password from standard input (else the account can only sign in through OIDC)' },
    },
    async run({ platform, output, values, readStdin }) {
      const missing = ['email', 'name', 'organisation', 'roles'].filter((option) => typeof values[option] !== 'string');
      if (missing.length > 0) throw invalid('missing-option', `Required: ${missing.map((option) => `--${option}`).join(', ')}.`);
      const roles = String(values.roles).split(',').map((role) => role.trim());
      const unknown = roles.filter((role) => !isRole(role));
      if (unknown.length > 0) throw invalid('unknown-role', `Unknown role ${unknown.join(', ')}; roles are ${allRoles.join(', ')}.`);
      const organisation = await platform.services.registry.findByCode(cli, 'organisations', String(values.organisation));
      const password = values['password-stdin'] ? (await readStdin()).trim() : undefined;
      const user = await platform.services.users.create(cli, {
        email: String(values.email),
        name: String(values.name),
        organisationId: organisation.id,
        roles: roles as Role[],
        password,
      });
      output.out(JSON.stringify(user, null, 2));
      return 0;
    },
  },
  {
    words: ['audit', 'verify'],
    summary: 'Check the hash chain of the audit log; names the first broken entry.',
    options: { json: { type: 'boolean', description: 'Print JSON' } },
    async run({ platform, output, values }) {
      const result = await platform.services.auditLog.verify();
      if (values.json) output.out(JSON.stringify(result));
      else if (result.ok) output.out(`audit log intact: ${result.entries} entries verified`);
      else output.err(`audit log BROKEN at entry ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.entries} entries before it verified)`);
      return result.ok ? 0 : 3;
    },
  },
];

