import type { Command } from '../command.ts';
import { accountCommands } from './accounts.commands.ts';
import { dutiesCommands } from './duties.commands.ts';
import { dutyOfCareCommands } from './duty-of-care.commands.ts';
import { incidentCommands } from './incidents.commands.ts';
import { messagingCommands } from './messaging.commands.ts';
import { platformCommands } from './platform.commands.ts';
import { registryFileCommands } from './registry-files.commands.ts';
import { simulationCommands } from './simulation.commands.ts';
import { supplyChainCommands } from './supply-chain.commands.ts';
import { sbomCommands } from './sbom.commands.ts';
import { stixCommands } from './stix.commands.ts';

/** Every subcommand that works on the platform's database (`serve` is handled by main). */
export const commands: Command[] = [...platformCommands, ...accountCommands, ...registryFileCommands, ...dutiesCommands, ...dutyOfCareCommands, ...incidentCommands, ...simulationCommands, ...supplyChainCommands, ...sbomCommands, ...messagingCommands, ...stixCommands];
