/** Jest global teardown: gives back the lease the global setup took (see jest-global-setup.ts). */
import { takeLease } from './jest-global-setup';

export default async function globalTeardown(): Promise<void> {
  await takeLease()?.release();
}
