import type { Platform } from '../bootstrap.ts';
import { buildApp } from '../http/app.ts';
import { listenForCommands } from './command-channel.ts';
import type { Output } from './output.ts';

const tableMaintenanceIntervalMs = 10 * 60_000;

type InPlatformRunner = (platform: Platform, argv: string[], output: Output, stdin: string) => Promise<number>;

/** Serves the UI and API until SIGINT/SIGTERM; with an embedded database, also the command channel for other CLI processes. */
export async function serve(platform: Platform, options: { demo: boolean; demoScale?: number; output: Output; runCommand: InPlatformRunner }): Promise<void> {
  const { config, services } = platform;
  if (options.demo) {
    const demo = await services.seed.seedDemo({ scale: options.demoScale });
    if (!demo.skipped) options.output.out(`Demo data loaded: ${demo.created} records created, ${demo.updated} updated.`);
  }
  const app = await buildApp({
    services,
    cookieSecret: platform.cookieSecret,
    secureCookies: config.secureCookies,
    sessionHours: config.sessionHours,
    webDir: config.webDir,
    oidc: config.oidc,
    logger: { level: config.logLevel },
    load: config.load,
  });
  const commandServer = platform.commandSocketPath
    ? await listenForCommands(platform.commandSocketPath, (argv, output, stdin) => options.runCommand(platform, argv, output, stdin))
    : undefined;
  const address = await app.listen({ host: config.host, port: config.port });
  // E-mail about new messages leaves through the outbox, never inside a request (issue 7).
  const outbox = services.notifications.outboxWorker();
  await outbox.start();
  const maintenance = services.scheduleTableMaintenance(tableMaintenanceIntervalMs, (error) => app.log.error({ err: error }, 'table maintenance failed'));
  const health = await services.health();
  // One write, so that whoever reads the banner (a supervisor, a test) reads it whole.
  options.output.out(
    [
      `Vitaal serves ${address.replace('[::1]', 'localhost')} (UI) and ${address}/api/v1 (API docs: ${address}/api/docs)`,
      `Database: ${health.database.kind === 'pglite' ? `embedded PostgreSQL ${health.database.serverVersion} in ${config.dataDir}` : `PostgreSQL ${health.database.serverVersion}`}, schema ${health.database.schemaVersion}`,
      ...(options.demo
        ? ['Demo accounts (fictional data; change nothing of value here):', ...services.seed.demoAccounts().map((account) => `  ${account.email.padEnd(32)} ${account.password}   ${account.roles.join(', ')}`)]
        : []),
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  options.output.out('Stopping…');
  commandServer?.close();
  await outbox.stop();
  await maintenance?.stop();
  await app.close();
  await platform.close();
}
