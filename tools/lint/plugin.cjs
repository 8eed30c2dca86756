// The workspace's own ESLint rules, as the plugin `dxhub` (eslint.config.mjs). Each rule has a spec beside it.
const { rule: featureFolderCycles } = require('./feature-folder-cycles.cjs');
const noNewDate = require('./no-new-date.cjs');

module.exports = {
  meta: { name: 'dxhub' },
  rules: { 'feature-folder-cycles': featureFolderCycles, 'no-new-date': noNewDate },
};
