// Completes package-lock.json with the platform packages this registry mirror does not serve.
//
// The registry reachable from our CI machines answers 404 for platform-specific optional packages
// of other systems (for example @swc/core-darwin-arm64), so `npm install` leaves them out of the
// lockfile and `npm ci` then refuses the lockfile as out of sync. Each missing optional dependency
// gets an entry with its version and `optional: true`; npm skips it on other platforms as it skips
// any optional package that does not install. Run after every `npm install`: `npm run lockfile`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm resolves a dependency from the nearest node_modules up the tree.
    const parents = location.split('/node_modules/');
    let found = false;
    for (let depth = parents.length; depth >= 0 && !found; depth--) {
      const base = depth === 0 ? '' : parents.slice(0, depth).join('/node_modules/') + '/';
      found = `${base}node_modules/${name}` in packages;
    }
    if (found) continue;
    packages[`node_modules/${name}`] = {
      version: version.replace(/^[=^~]/, ''),
      optional: true,
      ...(entry.dev ? { dev: true } : {}),
    };
    added++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} platform entries added`);
