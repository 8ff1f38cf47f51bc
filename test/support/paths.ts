import * as path from 'node:path';

/** The checkout's top folder. */
export const repoRoot = path.resolve(__dirname, '..', '..');
/** `../shared` beside the checkout: corpus, seeds and recipes, read in place. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const seedsDir = path.join(sharedDir, 'seeds');
/** Git-ignored folder for what tests write (screenshots, logs, temporary configs). */
export const testOutputDir = path.join(repoRoot, 'test-output');
