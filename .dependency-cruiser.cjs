/**
 * The shape of src/, checked by `npm run lint`: no import cycle anywhere, and each stage imports
 * only from its own level or below (docs/architecture.md draws it). Lowest first; a folder of a
 * later entry may import an earlier one, never the other way round.
 */
const LAYERS = [
  ['util', 'git', 'version.ts'],
  ['github'],
  ['plan'],
  ['workers'],
  ['config'],
  ['swarm'],
  ['memory'],
  ['publish'],
  ['trigger'],
  ['run'],
  ['modes'],
  ['action', 'cli'],
  ['main.ts', 'cli.ts'],
];

const pathOf = (names) => `^src/(${names.map((n) => n.replace('.', '\\.') + (n.endsWith('.ts') ? '$' : '/')).join('|')})`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('-')}`,
  comment: `${layer.join(', ')} may not import from a stage above it (${LAYERS.slice(i + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: pathOf(layer) },
  to: { path: pathOf(LAYERS.slice(i + 1).flat()) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, type-only imports included: a cycle is a seam in the wrong place.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
