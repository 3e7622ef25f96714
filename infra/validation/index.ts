export { validateManifest } from './validate-manifest';
