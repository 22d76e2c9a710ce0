import { stringify } from 'yaml';
import { WorldShape, type World } from './schema.js';

/**
 * The world as YAML, in the schema's field order (so writing a loaded world gives the same text); `loadWorld(writeWorld(w))` gives `w` back. Long texts (documents,
 * mail bodies) are written as block scalars so the file reads like the documents themselves.
 */
export function writeWorld(world: World): string {
  const header = `# cynex decoy world: ${world.organisation.name.en} (${world.organisation.sector}, ${world.lang})\n# Generated ${world.generatedAt}${world.seed !== undefined ? ` from seed ${world.seed}` : ''}. Contains planted credentials: keep private.\n`;
  return (
    header +
    stringify(WorldShape.parse(JSON.parse(JSON.stringify(world))), {
      lineWidth: 0,
      aliasDuplicateObjects: false,
      blockQuote: 'literal',
    })
  );
}
