/**
 * kafkajs as this project uses it: the installed release with the read_committed fix applied (`kafkajs-fixes.ts`).
 * Every client of the project, the worker's and its tools' (`@category-match/worker/kafkajs`), comes from here, so
 * no reader can show records of aborted transactions; ESLint refuses value imports of 'kafkajs' anywhere else.
 */
import { applyKafkajsFixes } from './kafkajs-fixes';

applyKafkajsFixes();

export * from 'kafkajs';
