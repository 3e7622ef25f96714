/**
 * Image rehearsal as the packages' image tests use it (`@category-match/image-rehearsal`): a
 * Dockerfile's build replayed without a Docker engine, then its runtime stage started.
 */
export { hostPath, parseUser, rehearseBuild, rehearseInTempDir, type RehearsedImage } from './rehearse';
export { startImage } from './run-image';
