import { systemActor } from '../../services/actor.ts';
import type { Command } from '../command.ts';

const cli = systemActor('cli');

export const supplyChainCommands: Command[] = [
  {
    words: ['scan', 'high-risk'],
    summary: 'Scan for products from high-risk countries in the core of the vital infrastructure, grouped by sector and process.',
    options: {
      json: { type: 'boolean', description: 'Print the full result as JSON, with every evidence chain' },
      'list-version': { type: 'string', description: 'Version of the high-risk country list (default: the newest in data/reference/high-risk-countries.json)' },
    },
    async run({ platform, output, values }) {
      const listVersion = typeof values['list-version'] === 'string' ? values['list-version'] : undefined;
      const result = await platform.services.supplyChain.scanHighRisk(cli, { listVersion });
      if (values.json) {
        output.out(JSON.stringify(result, null, 2));
        return 0;
      }
      const { list, summary } = result;
      output.out(`High-risk country list ${list.version}: ${list.entries.map((entry) => `${entry.country}${entry.confirmed ? '' : ' (unconfirmed)'}`).join(', ')}`);
      output.out(`${summary.findings} findings, ${summary.inCore} in the core of ${summary.keyAssetsAffected} key assets, ${summary.flaggedProducts} flagged products`);
      for (const group of result.groups) {
        output.out(`\n${group.sector?.nameEn ?? 'No sector'} / ${group.process?.nameEn ?? 'no vital process'}`);
        for (const finding of group.findings) output.out(`  [${finding.level}] ${finding.explanation}`);
      }
      return 0;
    },
  },
];
